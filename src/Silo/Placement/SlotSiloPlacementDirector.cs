using System.Globalization;
using Orleans.Runtime.MembershipService.SiloMetadata;
using Orleans.Runtime.Placement;

namespace SweepGrid.Silo.Placement;

/// <summary>
/// Orleans' metadata filters compare against the calling silo, which cannot say "silos with slots only"; this
/// director reads each silo's declared slot count from silo metadata. It prefers the calling silo when it has
/// slots (a slot activating the trial it is about to train keeps its calls local), else picks a random silo
/// with slots, else — when no silo declares any — any compatible silo, so a trial is never unplaceable.
/// </summary>
public sealed class SlotSiloPlacementDirector(ISiloMetadataCache metadata) : IPlacementDirector
{
    public const string SlotsKey = "sweepgrid.slots";

    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var compatible = context.GetCompatibleSilos(target);
        if (compatible.Contains(context.LocalSilo) && SlotsOf(context.LocalSilo) > 0)
        {
            return Task.FromResult(context.LocalSilo);
        }
        var withSlots = compatible.Where(s => SlotsOf(s) > 0).ToArray();
        var pool = withSlots.Length > 0 ? withSlots : compatible;
        return Task.FromResult(pool[Random.Shared.Next(pool.Length)]);
    }

    private int SlotsOf(SiloAddress silo) =>
        metadata.GetSiloMetadata(silo).Metadata.TryGetValue(SlotsKey, out var v) && int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : 0;
}
