using SweepGrid.Silo.Hosting;

namespace SweepGrid.Tests.Postgres;

public sealed class ProbeGrain(
    [PersistentState(ProbeGrain.StateName, StorageNames.Default)] IPersistentState<ProbeState> state)
    : Grain, IProbeGrain, IRemindable
{
    /// <summary>The state name, which the ADO.NET provider stores as the grain type string.</summary>
    public const string StateName = "probe";

    // New per activation, so tests can tell that a deactivated grain really came back as a new one.
    private readonly Guid _activationId = Guid.NewGuid();

    public Task<Guid> GetActivationId() => Task.FromResult(_activationId);

    public Task<ProbeSnapshot> Read() =>
        Task.FromResult(new ProbeSnapshot(state.State.Value, state.State.Writes, state.Etag, state.RecordExists));

    public async Task Write(string value)
    {
        state.State.Value = value;
        state.State.Writes++;
        await state.WriteStateAsync();
    }

    public Task Clear() => state.ClearStateAsync();

    public Task Deactivate()
    {
        this.DeactivateOnIdle();
        return Task.CompletedTask;
    }

    public Task RegisterReminder(string name) =>
        this.RegisterOrUpdateReminder(name, dueTime: TimeSpan.FromHours(1), period: TimeSpan.FromHours(1));

    public async Task<bool> HasReminder(string name) => await this.GetReminder(name) is not null;

    public async Task UnregisterReminder(string name)
    {
        var reminder = await this.GetReminder(name)
            ?? throw new InvalidOperationException($"Reminder '{name}' is not registered.");
        await this.UnregisterReminder(reminder);
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) => Task.CompletedTask;
}
