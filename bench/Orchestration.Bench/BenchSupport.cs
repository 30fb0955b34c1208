namespace SweepGrid.Bench.Orchestration;

/// <summary>What the embedded and the cluster runs of this bench share.</summary>
internal static class BenchSupport
{
    /// <summary>A grid of trials that train nothing real (one tiny epoch each); the waiting executor or an empty silo sets the pace.</summary>
    public static string WaitingGrid(string name, int trials) => $$"""
        name: {{name}}
        data: { dataset: synthetic }
        model: { hidden: [8], activation: relu }
        optimizer: { lr: 0.05 }
        sweep: { weight_decay: { log_range: { min: 1e-9, max: 1e-1, count: {{trials}} } } }
        epochs: 1
        batch_size: 64
        resources: { device: cpu, fuse: off }
        """;

    public static double Median(List<double> v)
    {
        var o = v.Order().ToList();
        return o.Count % 2 == 1 ? o[o.Count / 2] : (o[(o.Count / 2) - 1] + o[o.Count / 2]) / 2;
    }
}
