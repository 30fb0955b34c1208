using System.Globalization;

namespace SweepGrid.Testing;

/// <summary>Sweep specs for chaos runs: an MLP on MNIST, SGD with momentum, on the CPU.</summary>
public static class ChaosSpec
{
    public static string Yaml(string name, string dataDirectory, int? trainLimit, int hidden, IEnumerable<double> weightDecays, IEnumerable<int> seeds,
        int epochs, int batchSize, string fuse)
    {
        var inv = CultureInfo.InvariantCulture;
        var limit = trainLimit is { } n ? string.Create(inv, $", train_limit: {n}") : "";
        return string.Create(inv, $$"""
            name: {{name}}
            data: { dataset: mnist, dir: {{dataDirectory}}{{limit}} }
            model: { hidden: [{{hidden}}], activation: relu }
            optimizer: { lr: 0.05, momentum: 0.9 }
            sweep: { weight_decay: [{{string.Join(", ", weightDecays.Select(d => d.ToString("R", inv)))}}], seeds: [{{string.Join(", ", seeds)}}] }
            epochs: {{epochs}}
            batch_size: {{batchSize}}
            resources: { device: cpu, fuse: {{fuse}} }

            """);
    }
}
