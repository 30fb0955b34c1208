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
                var (train, test) = (IdxFile.ReadSplit(f.TrainImages, f.TrainLabels), IdxFile.ReadSplit(f.TestImages, f.TestLabels));
                if ((train.Rows, train.Columns) != (test.Rows, test.Columns))
                {
                    // One model sees both: say so here, not as a matrix-shape error from libtorch mid-epoch.
                    throw new DataFormatException(f.TestImages,
                        $"images are {test.Rows}x{test.Columns} but the training images ({f.TrainImages}) are {train.Rows}x{train.Columns}; both splits must have one shape");
                }
                full = new Dataset(name, train, test, 10);
                break;
            default:
                throw new ArgumentException($"unknown dataset '{name}'; expected one of {string.Join(", ", DatasetNames.All)}", nameof(name));
        }
        return full.Take(trainLimit, testLimit);
    }
}
