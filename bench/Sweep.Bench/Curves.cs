using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace SweepGrid.Bench.Sweep;

/// <summary>Every trial's per-epoch metrics, and one hash of all their bits so that two runs can be compared at a glance.</summary>
internal static class Curves
{
    /// <param name="trials">Per trial: its weight decay and its epochs (train loss, train accuracy, test loss, test accuracy, seconds).</param>
    public static JsonObject Describe(IEnumerable<(double WeightDecay, IReadOnlyList<double[]> Epochs)> trials)
    {
        var text = new StringBuilder();
        var list = new JsonArray();
        foreach (var (wd, epochs) in trials.OrderByDescending(t => t.WeightDecay))
        {
            foreach (var e in epochs)
            {
                text.Append(CultureInfo.InvariantCulture, $"{wd:R},{e[0]:R},{e[1]:R},{e[2]:R},{e[3]:R}\n");
            }
            var last = epochs[^1];
            list.Add(new JsonObject
            {
                ["weight_decay"] = wd,
                ["epochs"] = epochs.Count,
                ["train_loss"] = new JsonArray([.. epochs.Select(e => (JsonNode)e[0])]),
                ["train_accuracy"] = new JsonArray([.. epochs.Select(e => (JsonNode)e[1])]),
                ["test_loss"] = new JsonArray([.. epochs.Select(e => (JsonNode)e[2])]),
                ["test_accuracy"] = new JsonArray([.. epochs.Select(e => (JsonNode)e[3])]),
                ["final_test_loss"] = last[2],
                ["final_test_accuracy"] = last[3],
            });
        }
        return new JsonObject
        {
            ["metrics_sha256"] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString()))),
            ["trials"] = list,
        };
    }

    /// <summary>The sum over epochs of the group's epoch seconds (fused members report the group's; unfused ones add up).</summary>
    public static double TrainingSeconds(IEnumerable<(double WeightDecay, IReadOnlyList<double[]> Epochs)> trials, bool fused)
    {
        var all = trials.ToList();
        if (!fused)
        {
            return all.Sum(t => t.Epochs.Sum(e => e[4]));
        }
        var epochs = all.Max(t => t.Epochs.Count);
        return Enumerable.Range(0, epochs).Sum(i => all.Where(t => t.Epochs.Count > i).Max(t => t.Epochs[i][4]));
    }
}
