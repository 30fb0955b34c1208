using Orleans.Placement;

namespace SweepGrid.Silo.Placement;

/// <summary>Marks a grain class to be activated only on silos with trial slots.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class SlotSiloPlacementAttribute() : PlacementAttribute(SlotSiloPlacement.Singleton);
