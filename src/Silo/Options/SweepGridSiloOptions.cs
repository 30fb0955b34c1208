namespace SweepGrid.Silo.Options;

/// <summary>How this silo runs (configuration section "SweepGrid", environment variables SweepGrid__*).</summary>
public sealed class SweepGridSiloOptions
{
    public const string Section = "SweepGrid";

    /// <summary>The <see cref="Schema"/> value that creates or updates the schema at start-up.</summary>
    public const string SchemaApply = "apply";

    /// <summary>The <see cref="Schema"/> value that only checks the schema at start-up.</summary>
    public const string SchemaVerify = "verify";

    /// <summary>embedded (one process, localhost clustering, state under <see cref="RunDirectory"/>) or cluster (PostgreSQL).</summary>
    public string Mode { get; set; } = "embedded";

    /// <summary>Embedded mode: directory holding grain state and checkpoints, so a killed run can resume.</summary>
    public string? RunDirectory { get; set; }

    /// <summary>
    /// Trial slots: "auto" (GPUs × <see cref="TrialsPerGpu"/> when CUDA is available, else <see cref="CpuSlots"/>),
    /// or a number. 0 makes a control silo that hosts sweeps and the scheduler but trains nothing.
    /// </summary>
    public string Slots { get; set; } = "auto";

    /// <summary>Concurrent trial jobs per GPU when <see cref="Slots"/> is auto.</summary>
    public int TrialsPerGpu { get; set; } = 1;

    /// <summary>Slots on a machine without CUDA when <see cref="Slots"/> is auto (libtorch already uses every core).</summary>
    public int CpuSlots { get; set; } = 1;

    /// <summary>Cluster mode: PostgreSQL connection string (membership, grain state, reminders, checkpoints).</summary>
    public string? PostgresConnectionString { get; set; }

    /// <summary>
    /// Cluster mode: what the silo does with the PostgreSQL schema at start-up. "apply" creates or updates it (the
    /// connection's role needs CREATE and must own the objects; fine for development and tests). "verify" runs no
    /// DDL: it checks that the schema is present, at this release's version and usable by the connection's role, and
    /// fails start-up with a hint to run <c>SweepGrid.SiloHost migrate</c> otherwise — for silos on a least-privilege role.
    /// </summary>
    public string Schema { get; set; } = SchemaApply;

    /// <summary>Orleans cluster id (silos and clients of one cluster share it).</summary>
    public string ClusterId { get; set; } = "sweepgrid";

    /// <summary>Orleans service id (keys durable state; keep it stable across deployments).</summary>
    public string ServiceId { get; set; } = "sweepgrid";

    /// <summary>Silo-to-silo port (cluster mode; embedded picks free ports).</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>Client gateway port (cluster mode; embedded picks free ports).</summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>Address advertised to other silos (cluster mode), e.g. the pod IP; empty: first non-loopback IPv4.</summary>
    public string? AdvertisedIp { get; set; }

    /// <summary>How often a running trial's slot checks in (and learns of a cancel).</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often the scheduler checks running trials for dead silos.</summary>
    public TimeSpan WatchdogInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long an idle slot waits before asking for work again.</summary>
    public TimeSpan IdlePollInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// A running trial whose slot has not been heard from (heartbeat or epoch) for this long is queued again;
    /// also how long a slot keeps retrying calls to a trial grain that is moving off a dead silo.
    /// </summary>
    public TimeSpan LeaseTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How often the scheduler reconciles with the trials' stored states: every unfinished trial is then queued or held
    /// by a live lease, and a lost message (a lease answer, a trial's end) is made up for, within about this long.
    /// </summary>
    public TimeSpan ReconcileInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// A lease handed to a slot that has not yet started the trial is trusted this long; after it, reconciliation
    /// treats the lease as lost (its answer never reached the slot) and queues the trial again.
    /// </summary>
    public TimeSpan LeaseStartGrace { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// How long a slot keeps retrying a call through transient faults (a database restart, a grain moving off a dead
    /// silo) before it gives the attempt up — never counted as the trial's failure.
    /// </summary>
    public TimeSpan TransientRetryTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// When set, every call from a cluster client must carry this token (the CLI's --token or $SWEEPGRID_TOKEN). Put it
    /// in a secret, never in a committed file. Clients reach only the public API either way.
    /// </summary>
    public string? ClientToken { get; set; }

    /// <summary>Largest fused group when a spec says fuse: auto.</summary>
    public int MaxFuse { get; set; } = 16;

    /// <summary>
    /// How long a trial's metric series stay on /metrics after it ends (completed, diverged, failed, cancelled),
    /// and a sweep's after it completes or is cancelled. Long enough for Prometheus to scrape the final values
    /// many times; bounded so that finished sweeps do not linger forever.
    /// </summary>
    public TimeSpan MetricsRetention { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// Most trials this silo exports at once (finished ones count until retention drops them). Sizes
    /// OpenTelemetry's per-instrument series limit (4 × this + 16) and so the memory it reserves up front; past
    /// it, new series collapse into one overflow series.
    /// </summary>
    public int MetricsTrialLimit { get; set; } = 5_000;

    /// <summary>
    /// Cluster mode: how silos talk to each other and clients to gateways. "tls" (the default) needs
    /// <see cref="Tls"/>; "plaintext" is for a development cluster on a trusted network and must be chosen explicitly.
    /// Embedded mode listens on loopback only and ignores this.
    /// </summary>
    public string Transport { get; set; } = "tls";

    /// <summary>Certificates for <see cref="Transport"/> tls (section SweepGrid:Tls).</summary>
    public TlsSettings Tls { get; set; } = new();

    public bool IsCluster => string.Equals(Mode, "cluster", StringComparison.OrdinalIgnoreCase);

    public bool UsesTls => IsCluster && !string.Equals(Transport, "plaintext", StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether start-up only checks the schema (<see cref="Schema"/> is verify).</summary>
    public bool VerifiesSchema => string.Equals(Schema, SchemaVerify, StringComparison.Ordinal);
}
