using System.Diagnostics;
using System.Text.RegularExpressions;

namespace SweepGrid.Tests.Browser;

/// <summary>
/// Debian's chromium, headless, with its DevTools endpoint on a free loopback port and a throw-away profile.
/// $SWEEPGRID_CHROMIUM names another binary; scripts/test.sh installs chromium where it is missing.
/// </summary>
internal sealed partial class HeadlessChromium : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly Process _process;
    private readonly string _profile;

    public CdpConnection Connection { get; }

    private HeadlessChromium(Process process, string profile, CdpConnection connection) =>
        (_process, _profile, Connection) = (process, profile, connection);

    public static string Executable()
    {
        var configured = Environment.GetEnvironmentVariable("SWEEPGRID_CHROMIUM");
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return File.Exists(configured) ? configured : throw new FileNotFoundException($"$SWEEPGRID_CHROMIUM is {configured}, which does not exist", configured);
        }
        var path = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator);
        return new[] { "chromium", "chromium-browser", "google-chrome" }
            .SelectMany(name => path.Select(dir => Path.Combine(dir, name)))
            .FirstOrDefault(File.Exists)
            ?? throw new FileNotFoundException(
                "no chromium on PATH: install Debian's (apt-get install chromium; scripts/test.sh does) or set $SWEEPGRID_CHROMIUM");
    }

    public static async Task<HeadlessChromium> StartAsync()
    {
        var profile = Directory.CreateTempSubdirectory("sweepgrid-chromium-").FullName;
        var start = new ProcessStartInfo(Executable())
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        string[] args =
        [
            "--headless", "--disable-gpu", "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
            $"--user-data-dir={profile}", "--no-first-run", "--no-default-browser-check", "--disable-extensions",
            "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-default-apps",
            // Nothing the page asks for may leave the machine even if interception missed it.
            "--proxy-server=127.0.0.1:9", "--proxy-bypass-list=<-loopback>",
            "--hide-scrollbars", "--window-size=1280,900", "about:blank",
        ];
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }
        // Chromium refuses to run as root without this; the page is our own report.
        if (Environment.UserName == "root")
        {
            start.ArgumentList.Insert(0, "--no-sandbox");
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException($"{start.FileName} did not start");
        var endpoint = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var log = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                endpoint.TrySetException(new InvalidOperationException($"chromium exited before it listened: {string.Join('\n', log)}"));
                return;
            }
            log.Enqueue(e.Data);
            if (Listening().Match(e.Data) is { Success: true } m)
            {
                endpoint.TrySetResult(new Uri(m.Groups["ws"].Value));
            }
        };
        process.OutputDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        try
        {
            var uri = await endpoint.Task.WaitAsync(StartTimeout);
            return new HeadlessChromium(process, profile, await CdpConnection.ConnectAsync(uri));
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"chromium did not print its DevTools endpoint within {StartTimeout.TotalSeconds:F0}s: {string.Join('\n', log)}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Connection.DisposeAsync();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        try
        {
            Directory.Delete(_profile, recursive: true);
        }
        catch (IOException)
        {
            // A crash reporter may still hold a file; the temp directory is cleaned eventually.
        }
    }

    [GeneratedRegex(@"DevTools listening on (?<ws>ws://\S+)")]
    private static partial Regex Listening();
}
