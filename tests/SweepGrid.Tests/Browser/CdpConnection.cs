using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SweepGrid.Tests.Browser;

/// <summary>
/// The Chrome DevTools protocol over one WebSocket, in flat mode: commands to the browser or to an attached page
/// (by session id), each answered by id; every event is kept in order for the test to look through.
/// </summary>
internal sealed class CdpConnection : IAsyncDisposable
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(30);
    private readonly ClientWebSocket _socket = new();
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonElement>> _pending = new();
    private readonly ConcurrentQueue<CdpEvent> _events = new();
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private Task? _receiver;
    private int _nextId;

    /// <summary>Every event received so far, in arrival order.</summary>
    public IReadOnlyList<CdpEvent> Events => [.. _events];

    /// <summary>Called for each event as it arrives, on the receiving thread (e.g. to answer paused requests).</summary>
    public Action<CdpEvent>? OnEvent { get; set; }

    public static async Task<CdpConnection> ConnectAsync(Uri browserEndpoint)
    {
        var connection = new CdpConnection();
        connection._socket.Options.KeepAliveInterval = TimeSpan.Zero;
        using var timeout = new CancellationTokenSource(CommandTimeout);
        await connection._socket.ConnectAsync(browserEndpoint, timeout.Token);
        connection._receiver = Task.Run(connection.ReceiveAsync);
        return connection;
    }

    /// <summary>Sends a command and returns its result; a protocol error or no answer within 30 s throws with the method named.</summary>
    public async Task<JsonElement> SendAsync(string method, object? parameters = null, string? sessionId = null)
    {
        var id = Interlocked.Increment(ref _nextId);
        var answer = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = answer;
        var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = JsonSerializer.SerializeToNode(parameters ?? new { }) };
        if (sessionId is not null)
        {
            message["sessionId"] = sessionId;
        }
        var bytes = Encoding.UTF8.GetBytes(message.ToJsonString());
        await _sendLock.WaitAsync();
        try
        {
            await _socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, _stop.Token);
        }
        finally
        {
            _sendLock.Release();
        }
        var done = await Task.WhenAny(answer.Task, Task.Delay(CommandTimeout));
        _pending.TryRemove(id, out _);
        return done == answer.Task ? await answer.Task : throw new TimeoutException($"no answer to {method} within {CommandTimeout.TotalSeconds:F0}s");
    }

    private async Task ReceiveAsync()
    {
        var buffer = new byte[1 << 16];
        using var message = new MemoryStream();
        try
        {
            while (_socket.State == WebSocketState.Open)
            {
                var received = await _socket.ReceiveAsync(buffer, _stop.Token);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }
                message.Write(buffer, 0, received.Count);
                if (!received.EndOfMessage)
                {
                    continue;
                }
                Dispatch(JsonDocument.Parse(message.ToArray()).RootElement.Clone());
                message.SetLength(0);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException)
        {
            // The browser went away or the test is done: pending commands fail below.
        }
        foreach (var pending in _pending.Values)
        {
            pending.TrySetException(new InvalidOperationException("the browser closed the DevTools connection"));
        }
    }

    private void Dispatch(JsonElement message)
    {
        if (message.TryGetProperty("id", out var id))
        {
            if (_pending.TryGetValue(id.GetInt32(), out var answer))
            {
                if (message.TryGetProperty("error", out var error))
                {
                    answer.TrySetException(new InvalidOperationException($"DevTools error: {error}"));
                }
                else
                {
                    answer.TrySetResult(message.GetProperty("result"));
                }
            }
            return;
        }
        var e = new CdpEvent(
            message.GetProperty("method").GetString()!,
            message.TryGetProperty("params", out var p) ? p : default,
            message.TryGetProperty("sessionId", out var s) ? s.GetString() : null);
        _events.Enqueue(e);
        OnEvent?.Invoke(e);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            if (_receiver is not null)
            {
                await _receiver;
            }
        }
        finally
        {
            _socket.Dispose();
            _stop.Dispose();
            _sendLock.Dispose();
        }
    }
}
