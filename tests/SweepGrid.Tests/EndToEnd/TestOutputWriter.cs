using System.Text;
using Xunit.Abstractions;

namespace SweepGrid.Tests.EndToEnd;

/// <summary>A TextWriter over xunit's test output, so the chaos machinery's progress lines land in the test log.</summary>
internal sealed class TestOutputWriter(ITestOutputHelper output) : TextWriter
{
    public override Encoding Encoding => Encoding.UTF8;

    public override void WriteLine(string? value)
    {
        try
        {
            output.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} {value}");
        }
        catch (InvalidOperationException)
        {
            // A background poller writing after the test ended: nobody is listening any more.
        }
    }

    // xunit's output is line-based: a partial write becomes a line of its own.
    public override void Write(string? value) => WriteLine(value);

    public override void Write(char value) => WriteLine(value.ToString());
}
