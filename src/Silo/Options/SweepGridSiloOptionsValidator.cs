using Microsoft.Extensions.Options;

namespace SweepGrid.Silo.Options;

/// <summary>Start-up validation: a bad value fails the silo at start with the key that holds it.</summary>
public sealed class SweepGridSiloOptionsValidator : IValidateOptions<SweepGridSiloOptions>
{
    private const string P = SweepGridSiloOptions.Section + ":";

    public ValidateOptionsResult Validate(string? name, SweepGridSiloOptions o)
    {
        var errors = new List<string>();
        if (o.Mode is not ("embedded" or "cluster"))
        {
            errors.Add($"{P}Mode must be embedded or cluster, got '{o.Mode}'");
        }
        if (o.IsCluster && string.IsNullOrWhiteSpace(o.PostgresConnectionString))
        {
            errors.Add($"{P}PostgresConnectionString is required in cluster mode (e.g. Host=db;Username=sweepgrid;Password=...;Database=sweepgrid)");
        }
        if (o.Schema is not (SweepGridSiloOptions.SchemaApply or SweepGridSiloOptions.SchemaVerify))
        {
            errors.Add($"{P}Schema must be {SweepGridSiloOptions.SchemaApply} or {SweepGridSiloOptions.SchemaVerify}, got '{o.Schema}'");
        }
        if (!o.IsCluster && string.IsNullOrWhiteSpace(o.RunDirectory))
        {
            errors.Add($"{P}RunDirectory is required in embedded mode");
        }
        if (o.Slots != "auto" && !(int.TryParse(o.Slots, out var s) && s >= 0))
        {
            errors.Add($"{P}Slots must be auto or a number >= 0, got '{o.Slots}'");
        }
        Positive(errors, "TrialsPerGpu", o.TrialsPerGpu);
        Positive(errors, "CpuSlots", o.CpuSlots);
        Positive(errors, "MaxFuse", o.MaxFuse);
        Positive(errors, "MetricsTrialLimit", o.MetricsTrialLimit);
        if (o.MetricsRetention < TimeSpan.Zero)
        {
            errors.Add($"{P}MetricsRetention must be >= 0, got {o.MetricsRetention}");
        }
        Port(errors, "SiloPort", o.SiloPort);
        Port(errors, "GatewayPort", o.GatewayPort);
        foreach (var (key, value) in new[] { ("HeartbeatInterval", o.HeartbeatInterval), ("WatchdogInterval", o.WatchdogInterval), ("IdlePollInterval", o.IdlePollInterval), ("LeaseTimeout", o.LeaseTimeout),
            ("ReconcileInterval", o.ReconcileInterval), ("LeaseStartGrace", o.LeaseStartGrace) })
        {
            if (value <= TimeSpan.Zero)
            {
                errors.Add($"{P}{key} must be > 0, got {value}");
            }
        }
        if (o.LeaseTimeout <= o.HeartbeatInterval * 3)
        {
            errors.Add($"{P}LeaseTimeout must exceed 3 x HeartbeatInterval ({o.HeartbeatInterval}), got {o.LeaseTimeout}");
        }
        if (o.TransientRetryTimeout < TimeSpan.FromSeconds(1))
        {
            errors.Add($"{P}TransientRetryTimeout must be at least 1 s, got {o.TransientRetryTimeout}");
        }
        if (!string.IsNullOrWhiteSpace(o.AdvertisedIp) && !System.Net.IPAddress.TryParse(o.AdvertisedIp, out _))
        {
            errors.Add($"{P}AdvertisedIp must be an IP address, got '{o.AdvertisedIp}'");
        }
        ValidateTransport(errors, o);
        if (string.IsNullOrWhiteSpace(o.ClusterId))
        {
            errors.Add($"{P}ClusterId must not be empty");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void ValidateTransport(List<string> errors, SweepGridSiloOptions o)
    {
        if (!(string.Equals(o.Transport, "tls", StringComparison.OrdinalIgnoreCase) || string.Equals(o.Transport, "plaintext", StringComparison.OrdinalIgnoreCase)))
        {
            errors.Add($"{P}Transport must be tls or plaintext, got '{o.Transport}'");
            return;
        }
        if (!o.UsesTls)
        {
            return;
        }
        foreach (var (key, path) in new[] { ("Certificate", o.Tls.Certificate), ("Key", o.Tls.Key), ("Ca", o.Tls.Ca) })
        {
            if (string.IsNullOrWhiteSpace(path))
            {
                errors.Add($"{P}Tls:{key} is required in cluster mode: a PEM file path (or set {P}Transport=plaintext for a development cluster)");
            }
            else if (!File.Exists(path))
            {
                errors.Add($"{P}Tls:{key}: no such file '{path}'");
            }
        }
    }

    private static void Positive(List<string> errors, string key, int value)
    {
        if (value < 1)
        {
            errors.Add($"{P}{key} must be >= 1, got {value}");
        }
    }

    private static void Port(List<string> errors, string key, int value)
    {
        if (value is < 1 or > 65535)
        {
            errors.Add($"{P}{key} must be a TCP port (1-65535), got {value}");
        }
    }
}
