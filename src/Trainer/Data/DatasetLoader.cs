namespace SweepGrid.Trainer.Data;

/// <summary>Loads a dataset by name from a data directory (IDX files) or generates the synthetic one.</summary>
public static class DatasetLoader
{
    public static Dataset Load(string name, string root, int? trainLimit = null, int? testLimit = null, long syntheticSeed = 0)
    {
        Dataset full;
        switch (name)
        {
            case DatasetNames.Synthetic:
                return SyntheticData.Generate(trainLimit ?? 10_000, testLimit ?? 2_000, syntheticSeed);
            case DatasetNames.Mnist:
            case DatasetNames.FashionMnist:
                if (!DataDirectory.IsPresent(root, name))
                {
                    throw new FileNotFoundException(
                        $"dataset '{name}' is not in {Path.Combine(root, name)}; run 'sweepgrid data fetch {name}'");
                }
                var f = DataDirectory.Files(root, name);
                full = new Dataset(name, IdxFile.ReadSplit(f.TrainImages, f.TrainLabels), IdxFile.ReadSplit(f.TestImages, f.TestLabels), 10);
                break;
            default:
                throw new ArgumentException($"unknown dataset '{name}'; expected one of {string.Join(", ", DatasetNames.All)}", nameof(name));
        }
        return full.Take(trainLimit, testLimit);
    }
}
