using System.Collections.Concurrent;
using System.Text.Json;
using SweepGrid.Testing;

namespace SweepGrid.Tests.Browser;

/// <summary>
/// One tab of a <see cref="HeadlessChromium"/>, cut off from the network: every request that is not a file: or
/// data: URL is failed before it leaves, and recorded. Console errors, uncaught exceptions and error log entries
/// are collected, so a test can assert the page ran cleanly.
/// </summary>
internal sealed class BrowserPage
{
    private static readonly TimeSpan LoadTimeout = TimeSpan.FromSeconds(30);
    private readonly CdpConnection _cdp;
    private readonly string _session;
    private readonly ConcurrentQueue<string> _blocked = new();

    private BrowserPage(CdpConnection cdp, string session) => (_cdp, _session) = (cdp, session);

    /// <summary>Non-local requests the page attempted (all failed unsent).</summary>
    public IReadOnlyList<string> Blocked => [.. _blocked];

    /// <summary>Every URL the page requested, as the network layer saw it.</summary>
    public IReadOnlyList<string> Requests => [.. Mine("Network.requestWillBeSent").Select(e => e.Params.GetProperty("request").GetProperty("url").GetString()!)];

    /// <summary>console.error calls, uncaught exceptions and error-level log entries (failed loads, policy violations).</summary>
    public IReadOnlyList<string> Errors =>
    [
        .. Mine("Runtime.consoleAPICalled").Where(e => e.Params.GetProperty("type").GetString() is "error" or "assert")
            .Select(e => "console: " + e.Params.GetProperty("args").ToString()),
        .. Mine("Runtime.exceptionThrown").Select(e => "exception: " + e.Params.GetProperty("exceptionDetails").ToString()),
        .. Mine("Log.entryAdded").Where(e => e.Params.GetProperty("entry").GetProperty("level").GetString() == "error")
            .Select(e => "log: " + e.Params.GetProperty("entry").ToString()),
    ];

    public static bool IsLocal(string url) =>
        url.StartsWith("file:", StringComparison.Ordinal) || url.StartsWith("data:", StringComparison.Ordinal) ||
        url.StartsWith("about:", StringComparison.Ordinal) || url.StartsWith("blob:", StringComparison.Ordinal);

    public static async Task<BrowserPage> OpenAsync(HeadlessChromium browser, int width, int height)
    {
        var cdp = browser.Connection;
        var target = await cdp.SendAsync("Target.createTarget", new { url = "about:blank" });
        var attached = await cdp.SendAsync("Target.attachToTarget", new { targetId = target.GetProperty("targetId").GetString(), flatten = true });
        var page = new BrowserPage(cdp, attached.GetProperty("sessionId").GetString()!);
        cdp.OnEvent = page.OnEvent;
        foreach (var domain in new[] { "Runtime", "Log", "Page", "Network" })
        {
            await page.SendAsync($"{domain}.enable");
        }
        // Pause every request, of any scheme, at the request stage; OnEvent lets local ones through.
        await page.SendAsync("Fetch.enable", new { patterns = new[] { new { urlPattern = "*", requestStage = "Request" } } });
        await page.SendAsync("Emulation.setDeviceMetricsOverride", new { width, height, deviceScaleFactor = 1, mobile = false });
        return page;
    }

    private void OnEvent(CdpEvent e)
    {
        if (e.SessionId != _session || e.Method != "Fetch.requestPaused")
        {
            return;
        }
        var id = e.Params.GetProperty("requestId").GetString();
        var url = e.Params.GetProperty("request").GetProperty("url").GetString()!;
        if (IsLocal(url))
        {
            _ = SendAsync("Fetch.continueRequest", new { requestId = id });
            return;
        }
        _blocked.Enqueue(url);
        _ = SendAsync("Fetch.failRequest", new { requestId = id, errorReason = "InternetDisconnected" });
    }

    private IEnumerable<CdpEvent> Mine(string method) => _cdp.Events.Where(e => e.SessionId == _session && e.Method == method);

    public Task<JsonElement> SendAsync(string method, object? parameters = null) => _cdp.SendAsync(method, parameters, _session);

    public async Task NavigateAsync(string url)
    {
        var before = Mine("Page.loadEventFired").Count();
        var navigated = await SendAsync("Page.navigate", new { url });
        if (navigated.TryGetProperty("errorText", out var error))
        {
            throw new InvalidOperationException($"navigating to {url} failed: {error}");
        }
        await Wait.UntilAsync(() => Task.FromResult(Mine("Page.loadEventFired").Count()), n => n > before, LoadTimeout,
            $"the load event of {url}", n => $"{n} load events");
    }

    /// <summary>Evaluates an expression in the page and returns its value (promises awaited); a thrown error fails with its text.</summary>
    public async Task<JsonElement> EvaluateAsync(string expression)
    {
        var result = await SendAsync("Runtime.evaluate", new { expression, returnByValue = true, awaitPromise = true });
        if (result.TryGetProperty("exceptionDetails", out var details))
        {
            throw new InvalidOperationException($"page script failed: {details}");
        }
        var value = result.GetProperty("result");
        return value.TryGetProperty("value", out var v) ? v : default;
    }

    /// <summary>Waits until a page expression is true (e.g. the charts are drawn).</summary>
    public Task WaitForAsync(string expression, string what) =>
        Wait.UntilAsync(async () => await EvaluateAsync(expression), v => v.ValueKind == JsonValueKind.True, LoadTimeout, what, v => v.ToString());

    public Task MoveMouseAsync(double x, double y) => SendAsync("Input.dispatchMouseEvent", new { type = "mouseMoved", x, y });

    public async Task ClickAsync(double x, double y)
    {
        await MoveMouseAsync(x, y);
        await SendAsync("Input.dispatchMouseEvent", new { type = "mousePressed", x, y, button = "left", clickCount = 1 });
        await SendAsync("Input.dispatchMouseEvent", new { type = "mouseReleased", x, y, button = "left", clickCount = 1 });
    }

    /// <summary>A PNG of the whole page, not just the viewport.</summary>
    public async Task<byte[]> ScreenshotAsync()
    {
        var metrics = await SendAsync("Page.getLayoutMetrics");
        var size = metrics.GetProperty("cssContentSize");
        return await CaptureAsync(new { x = 0, y = 0, width = size.GetProperty("width").GetDouble(), height = size.GetProperty("height").GetDouble(), scale = 1 });
    }

    /// <summary>A PNG of the first element matching a CSS selector, scrolled into view (the page keeps its viewport and hover).</summary>
    public async Task<byte[]> ScreenshotAsync(string selector)
    {
        var rect = await EvaluateAsync($$"""
            (() => { const e = document.querySelector({{JsonSerializer.Serialize(selector)}});
                     if (e.getBoundingClientRect().top < 0 || e.getBoundingClientRect().bottom > window.innerHeight) e.scrollIntoView({ block: 'start' });
                     const r = e.getBoundingClientRect();
                     return { x: r.left + window.scrollX, y: r.top + window.scrollY, width: r.width, height: r.height }; })()
            """);
        return await CaptureAsync(new
        {
            x = rect.GetProperty("x").GetDouble(), y = rect.GetProperty("y").GetDouble(),
            width = rect.GetProperty("width").GetDouble(), height = rect.GetProperty("height").GetDouble(), scale = 1,
        }, beyondViewport: false);
    }

    private async Task<byte[]> CaptureAsync(object clip, bool beyondViewport = true)
    {
        var shot = await SendAsync("Page.captureScreenshot", new { format = "png", captureBeyondViewport = beyondViewport, clip });
        return Convert.FromBase64String(shot.GetProperty("data").GetString()!);
    }
}
