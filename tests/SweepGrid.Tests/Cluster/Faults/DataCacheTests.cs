using SweepGrid.Contracts.Spec;
using SweepGrid.Silo.Execution;
using Xunit;

namespace SweepGrid.Tests.Cluster.Faults;

[Trait("Category", "Integration")]
public sealed class DataCacheTests
{
    [Fact]
    public void A_failed_dataset_load_is_not_cached_so_the_next_trial_loads_it_once_the_files_are_good()
    {
        var dir = Directory.CreateTempSubdirectory("sweepgrid-datacache-").FullName;
        try
        {
            var files = Directory.GetFiles(Path.Combine(TestData.Root, "mnist"));
            var target = Directory.CreateDirectory(Path.Combine(dir, "mnist")).FullName;
            foreach (var f in files)
            {
                // Present but truncated, as an interrupted download leaves them.
                File.WriteAllBytes(Path.Combine(target, Path.GetFileName(f)), File.ReadAllBytes(f)[..100]);
            }
            var spec = new DataSpec { Dataset = DatasetName.Mnist, Dir = dir };
            using var cache = new DataCache();

            Assert.ThrowsAny<Exception>(() => cache.Get(spec, TorchSharp.torch.CPU, TorchSharp.torch.ScalarType.Float32));
            foreach (var f in files)
            {
                File.Copy(f, Path.Combine(target, Path.GetFileName(f)), overwrite: true);
            }
            var data = cache.Get(spec, TorchSharp.torch.CPU, TorchSharp.torch.ScalarType.Float32);

            Assert.Equal(2_000, data.TrainCount);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
