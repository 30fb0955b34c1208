using Orleans.Serialization;

namespace SweepGrid.Contracts.Spec;

/// <summary>Where and how trials run.</summary>
[GenerateSerializer, Immutable]
[SerializationCallbacks(typeof(OnDeserializedCallbacks))]
public sealed record ResourceSpec : IOnDeserialized
{
    // Ids 0 and 1 held the keywords before they had types; read from old state only (see StoredKeywords).
    [Id(0)] private string? _storedDevice;
    [Id(1)] private string? _storedFuse;
    [Id(4)] private DevicePreference _device;
    [Id(5)] private FusePolicy _fuse;

    /// <summary>auto, cpu or cuda.</summary>
    public DevicePreference Device { get => _device; init => _device = value; }
    /// <summary>auto, off, or a maximum group size.</summary>
    public FusePolicy Fuse { get => _fuse; init => _fuse = value; }
    /// <summary>Retries of a failing trial before it is marked failed. Only the trial's own errors count, never transient faults.</summary>
    [Id(2)] public int MaxFailures { get; init; } = 2;
    /// <summary>
    /// Attempts in a row whose silo died (or whose slot went silent) before they recorded an epoch, after which the
    /// trial is marked failed: a trial that kills its silo (e.g. out of memory) must not take down one silo after another.
    /// </summary>
    [Id(3)] public int MaxSiloDeaths { get; init; } = 3;

    void IOnDeserialized.OnDeserialized(DeserializationContext context) => UpgradeStored();

    private void UpgradeStored()
    {
        if (_storedDevice is { } device)
        {
            _device = StoredKeywords.Read(SpecKeywords.Devices, device);
            _storedDevice = null;
        }
        if (_storedFuse is { } fuse)
        {
            _fuse = StoredKeywords.ReadFuse(fuse);
            _storedFuse = null;
        }
    }
}
