using System.Text.Json;
using System.Text.Json.Serialization;
using SweepGrid.Contracts.Spec;
using SweepGrid.Trainer.Training;

namespace SweepGrid.Client;

/// <summary>The metrics.json that <c>sweepgrid train</c> writes after every epoch (status "running" until the end).</summary>
public sealed record TrainReport(
    SweepSpec Spec,
    string Trial,
    double WeightDecay,
    long Seed,
    string Device,
    string Status,
    string? Message,
    double? WeightNorm,
    IReadOnlyList<EpochMetrics> Epochs)
{
    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        // Spec keywords first: the general enum converter would write FashionMnist as "fashion_mnist".
        Converters = { new SpecKeywordJsonConverter(), new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public void Write(string path)
    {
        var tmp = path + ".tmp";
        File.WriteAllText(tmp, JsonSerializer.Serialize(this, Json));
        File.Move(tmp, path, overwrite: true);
    }

    public static TrainReport? TryRead(string path) =>
        File.Exists(path) ? JsonSerializer.Deserialize<TrainReport>(File.ReadAllText(path), Json) : null;
}
