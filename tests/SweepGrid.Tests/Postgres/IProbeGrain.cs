namespace SweepGrid.Tests.Postgres;

/// <summary>A test grain that exercises grain persistence and reminders against PostgreSQL.</summary>
public interface IProbeGrain : IGrainWithStringKey
{
    Task<Guid> GetActivationId();

    Task<ProbeSnapshot> Read();

    Task Write(string value);

    Task Clear();

    Task Deactivate();

    Task RegisterReminder(string name);

    Task<bool> HasReminder(string name);

    Task UnregisterReminder(string name);
}
