using Spectre.Console;
using SweepGrid.Contracts.Spec;
using SweepGrid.Silo.Execution;
using SweepGrid.Trainer.Data;

namespace SweepGrid.Client;

/// <summary>Loads a spec's dataset, fetching it first (with progress) when it is not in the data directory yet.</summary>
public static class DataAccess
{
    public static async Task<Dataset> LoadAsync(DataSpec data, IAnsiConsole console, CancellationToken ct)
    {
        var root = DataDirectory.Resolve(data.Dir);
        var dataset = TrialConfigs.Trainer(data.Dataset);
        if (data.Dataset != DatasetName.Synthetic && !DataDirectory.IsPresent(root, dataset))
        {
            console.MarkupLineInterpolated($"[grey]{dataset} is not in {root}; fetching it once.[/]");
            await FetchAsync(dataset, root, force: false, console, ct);
        }
        return DatasetLoader.Load(dataset, root, data.TrainLimit, data.TestLimit);
    }

    /// <summary>Makes sure a file dataset is in its data directory (fetching it with progress), without loading it.</summary>
    public static async Task EnsurePresentAsync(DataSpec data, IAnsiConsole console, CancellationToken ct)
    {
        var root = DataDirectory.Resolve(data.Dir);
        var dataset = TrialConfigs.Trainer(data.Dataset);
        if (data.Dataset != DatasetName.Synthetic && !DataDirectory.IsPresent(root, dataset))
        {
            console.MarkupLineInterpolated($"[grey]{dataset} is not in {root}; fetching it once.[/]");
            await FetchAsync(dataset, root, force: false, console, ct);
        }
    }

    public static async Task<string> FetchAsync(string dataset, string root, bool force, IAnsiConsole console, CancellationToken ct)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(10) };
        http.DefaultRequestHeaders.UserAgent.ParseAdd("sweepgrid/1.0");
        string origin = "";
        await console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new DownloadedColumn(), new TransferSpeedColumn())
            .StartAsync(async ctx =>
            {
                var task = ctx.AddTask($"{dataset}", maxValue: 1);
                var progress = new SyncProgress<FetchProgress>(p =>
                {
                    task.Description = Markup.Escape(Shorten(p.Stage));
                    if (p.Total is { } total && total > 0)
                    {
                        task.MaxValue = total;
                        task.Value = p.Done;
                    }
                    else
                    {
                        task.IsIndeterminate = p.Done == 0;
                    }
                });
                origin = await new DatasetFetcher(http, progress).FetchAsync(dataset, root, force, ct);
                task.IsIndeterminate = false;
                task.Value = task.MaxValue;
            });
        return origin;
    }

    private static string Shorten(string s) => s.Length <= 70 ? s : "…" + s[^69..];

    /// <summary>Reports on the caller's thread (Progress&lt;T&gt; would post to the thread pool and race the bar).</summary>
    private sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
