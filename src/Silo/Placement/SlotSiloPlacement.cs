namespace SweepGrid.Silo.Placement;

/// <summary>Places an activation on a silo that declares trial slots (see <see cref="SlotSiloPlacementDirector"/>).</summary>
[GenerateSerializer, Immutable, SuppressReferenceTracking]
public sealed class SlotSiloPlacement : PlacementStrategy
{
    internal static readonly SlotSiloPlacement Singleton = new();
}
