namespace SweepGrid.Trainer.Data;

/// <summary>A data file is missing, corrupt or truncated. The message always names the file.</summary>
public sealed class DataFormatException(string path, string problem)
    : Exception($"{path}: {problem}")
{
    public string FilePath { get; } = path;
}
