using System.Globalization;

namespace SweepGrid.Contracts.Spec;

/// <summary>
/// How many trials may train fused as one job: <c>auto</c> (the silo's configured maximum), <c>off</c> (each alone) or
/// a maximum group size N &gt;= 1. <c>off</c> and <c>1</c> train alike but are kept apart, so a spec prints as written.
/// </summary>
[GenerateSerializer, Immutable, Newtonsoft.Json.JsonConverter(typeof(SpecKeywordNewtonsoftConverter))]
public readonly record struct FusePolicy
{
    private const int AutoCode = 0;
    private const int OffCode = -1;

    /// <summary>The keywords besides a number, in the order messages list them.</summary>
    public static readonly IReadOnlyList<string> Keywords = ["auto", "off"];

    // 0 auto, -1 off, N >= 1 a maximum group size. Stored: never reassign these codes.
    [Id(0)] private readonly int _code;

    private FusePolicy(int code) => _code = code;

    /// <summary>The silo's configured maximum.</summary>
    public static FusePolicy Auto => default;

    /// <summary>Every trial trains alone.</summary>
    public static FusePolicy Off => new(OffCode);

    /// <summary>Groups of at most <paramref name="size"/> trials.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="size"/> is below 1.</exception>
    public static FusePolicy AtMost(int size) =>
        size >= 1 ? new(size) : throw new ArgumentOutOfRangeException(nameof(size), size, "a fuse group has at least one trial");

    /// <summary>The largest group under this policy: off → 1, auto → <paramref name="autoMax"/>, N → N.</summary>
    public int MaxGroup(int autoMax) => _code switch
    {
        AutoCode => autoMax,
        OffCode => 1,
        var n => n,
    };

    /// <summary>The policy as a spec writes it: auto, off or the number.</summary>
    public string Keyword => _code switch
    {
        AutoCode => Keywords[0],
        OffCode => Keywords[1],
        var n => n.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>Reads auto, off or a whole number &gt;= 1.</summary>
    public static bool TryParse(string text, out FusePolicy policy)
    {
        switch (text)
        {
            case "auto":
                policy = Auto;
                return true;
            case "off":
                policy = Off;
                return true;
            default:
                var size = int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= 1;
                policy = size ? AtMost(n) : Auto;
                return size;
        }
    }

    /// <summary>Reads auto, off or a whole number &gt;= 1.</summary>
    /// <exception cref="FormatException">Anything else.</exception>
    public static FusePolicy Parse(string text) => TryParse(text, out var policy)
        ? policy
        : throw new FormatException($"'{UserInput.Excerpt(text)}' is not a fuse policy; expected auto, off or a group size >= 1");

    public override string ToString() => Keyword;
}
