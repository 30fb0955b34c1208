using System.ComponentModel;
using System.Globalization;
using System.Numerics;
using System.Reflection;
using Spectre.Console.Cli;
using SweepGrid.Contracts.Spec;

namespace SweepGrid.Client;

/// <summary>
/// Says in the user's terms what is wrong with a command line Spectre rejected. Spectre's own messages drop the
/// dashes ("Unknown option 'point'"), name CLR types ("Failed to convert 'abc' to Nullable`1") and never say which
/// option a bad value was given to, so the arguments are read again here against the registered settings types.
/// </summary>
internal static class CliErrors
{
    // Spectre accepts these on every command without declaring them.
    private static readonly string[] HelpOptions = ["--help", "-h", "-?"];

    public static string Describe(Exception e, IReadOnlyList<string> args, CommandTable commands)
    {
        // Only a command line Spectre could not read is explained again: a failed Validate or a failing command
        // already says what it means. A failed conversion is the one runtime error Spectre wraps around another.
        var aboutTheArgs = e is CommandParseException or CommandRuntimeException { InnerException: not null };
        return (aboutTheArgs ? Explain(args, commands) : null) ?? e.Message;
    }

    /// <summary>The candidate closest to what was typed, if it is close enough to be a typo of it.</summary>
    internal static string? Nearest(string typed, IEnumerable<string> candidates)
    {
        // Dashes and case are compared away: "-points" and "--Points" are both typos of "--points".
        var name = typed.TrimStart('-').ToLowerInvariant();
        // A typo changes a few characters, not a third of the word (two for short ones), and never all of it.
        var limit = Math.Min(Math.Max(2, name.Length / 3), name.Length - 1);
        string? best = null;
        var bestDistance = limit + 1;
        foreach (var candidate in candidates)
        {
            var other = candidate.TrimStart('-').ToLowerInvariant();
            // The length difference alone bounds the distance; skipping early also keeps a huge argument cheap.
            if (Math.Abs(other.Length - name.Length) >= bestDistance)
            {
                continue;
            }
            var distance = Distance(name, other);
            if (distance < bestDistance)
            {
                (best, bestDistance) = (candidate, distance);
            }
        }
        return best;
    }

    /// <summary>Optimal string alignment distance: Levenshtein plus the swap of two neighbours ("rnu" → "run").</summary>
    internal static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1][];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i] = new int[b.Length + 1];
            d[i][0] = i;
        }
        for (var j = 0; j <= b.Length; j++)
        {
            d[0][j] = j;
        }
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i][j] = Math.Min(Math.Min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i][j] = Math.Min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.Length][b.Length];
    }

    /// <summary>The first problem in the arguments, read the way Spectre reads them; null when none is found here.</summary>
    private static string? Explain(IReadOnlyList<string> args, CommandTable commands)
    {
        var path = "";
        var i = 0;
        // One name per level until a command: "run", or "data" then "fetch".
        while (!commands.Settings.ContainsKey(path))
        {
            if (i == args.Count)
            {
                return null;
            }
            var token = args[i];
            if (IsOption(token))
            {
                // Before the command the only options are help's.
                return HelpOptions.Contains(OptionName(token)) ? null : UnknownOption(OptionName(token), path, HelpOptions);
            }
            var names = commands.NamesUnder(path).ToList();
            if (!names.Contains(token))
            {
                // "cli" is Spectre's own hidden branch (cli version, cli explain): its errors are Spectre's to word.
                return path.Length == 0 && token == "cli" ? null : UnknownCommand(token, path, names);
            }
            path = path.Length == 0 ? token : $"{path} {token}";
            i++;
        }
        return ExplainParameters(path, commands.Settings[path], args, i);
    }

    private static string? ExplainParameters(string path, Type settings, IReadOnlyList<string> args, int start)
    {
        var properties = settings.GetProperties(BindingFlags.Public | BindingFlags.Instance);
        var options = properties
            .Select(p => (Property: p, Option: p.GetCustomAttribute<CommandOptionAttribute>()!))
            .Where(o => o.Option is not null)
            .ToList();
        var arguments = properties
            .Select(p => (Property: p, Argument: p.GetCustomAttribute<CommandArgumentAttribute>()!))
            .Where(a => a.Argument is not null)
            .OrderBy(a => a.Argument.Position)
            .ToList();
        var suggestions = options
            .Where(o => !o.Option.IsHidden)
            .SelectMany(o => NamesOf(o.Option))
            .Concat(HelpOptions)
            .ToList();
        var shortFlags = options
            .Where(o => o.Option.ValueName is null)
            .SelectMany(o => o.Option.ShortNames)
            .Concat(["h", "?"])
            .ToHashSet(StringComparer.Ordinal);

        var position = 0;
        for (var i = start; i < args.Count; i++)
        {
            var token = args[i];
            if (token == "--")
            {
                // What follows is passed on to the command unread.
                return null;
            }
            if (!IsOption(token))
            {
                if (position == arguments.Count)
                {
                    return ExtraArgument(token, path, arguments.Select(a => a.Argument), suggestions);
                }
                var (property, argument) = arguments[position];
                if (Mismatch(settings, property, token) is { } problem)
                {
                    return $"{Show(argument)}: {problem}";
                }
                // A list argument takes every remaining value.
                position += property.PropertyType.IsArray ? 0 : 1;
                continue;
            }

            var name = OptionName(token);
            var inline = name.Length < token.Length ? token[(name.Length + 1)..] : null;
            var match = options.FirstOrDefault(o => NamesOf(o.Option).Contains(name));
            if (match.Option is null)
            {
                // Short flags may be grouped: -hx is -h -x.
                var grouped = !name.StartsWith("--", StringComparison.Ordinal)
                    && name.Skip(1).All(c => shortFlags.Contains(c.ToString()));
                if (HelpOptions.Contains(name) || grouped)
                {
                    continue;
                }
                return UnknownOption(name, path, suggestions);
            }

            if (match.Option.ValueName is null)
            {
                if (inline is not null && !bool.TryParse(inline, out _))
                {
                    return $"{name}: takes no value (it is a flag), got '{UserInput.Excerpt(inline)}'";
                }
                // A flag takes an optional true/false after it; anything else is the next argument.
                if (inline is null && i + 1 < args.Count && bool.TryParse(args[i + 1], out _))
                {
                    i++;
                }
                continue;
            }
            var value = inline;
            if (value is null)
            {
                if (i + 1 < args.Count && !IsOption(args[i + 1]))
                {
                    value = args[++i];
                }
                else if (match.Option.ValueIsOptional)
                {
                    continue;
                }
                else
                {
                    var type = Nullable.GetUnderlyingType(match.Property.PropertyType) ?? match.Property.PropertyType;
                    return $"{name}: needs a value ({(type == typeof(string) ? $"<{match.Option.ValueName}>" : Expected(type))})";
                }
            }
            if (Mismatch(settings, match.Property, value) is { } wrong)
            {
                return $"{name}: {wrong}";
            }
        }
        return null;
    }

    /// <summary>Why <paramref name="value"/> does not convert to the property's type, converted as Spectre does.</summary>
    private static string? Mismatch(Type settings, PropertyInfo property, string value)
    {
        var type = property.PropertyType.IsArray ? property.PropertyType.GetElementType()! : property.PropertyType;
        // The property's descriptor honours a [TypeConverter] on it, as Spectre does.
        var converter = property.PropertyType.IsArray
            ? TypeDescriptor.GetConverter(type)
            : TypeDescriptor.GetProperties(settings).Find(property.Name, false)?.Converter ?? TypeDescriptor.GetConverter(type);
        if (!converter.CanConvertFrom(typeof(string)))
        {
            return null;
        }
        try
        {
            converter.ConvertFrom(value);
            return null;
        }
        catch (Exception e) when (e is ArgumentException or FormatException or NotSupportedException or OverflowException)
        {
            type = Nullable.GetUnderlyingType(type) ?? type;
            var quoted = $"'{UserInput.Excerpt(value)}'";
            return IntegerRange(type) is var (min, max) && BigInteger.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out _)
                ? $"{quoted} is out of range; expected an integer from {min} to {max}"
                : $"{quoted} is not {Expected(type)}";
        }
    }

    /// <summary>What a value of the type looks like, in words.</summary>
    private static string Expected(Type type) => type switch
    {
        { IsEnum: true } => $"one of {string.Join(", ", Enum.GetNames(type))}",
        _ when IntegerRange(type) is not null => "an integer",
        _ when type == typeof(double) || type == typeof(float) || type == typeof(decimal) => "a number",
        _ when type == typeof(bool) => "true or false",
        _ when type == typeof(TimeSpan) => "a duration like 00:00:30",
        _ => $"a valid {type.Name}",
    };

    private static (string Min, string Max)? IntegerRange(Type type) =>
        !type.IsEnum && Type.GetTypeCode(type) is TypeCode.SByte or TypeCode.Byte or TypeCode.Int16 or TypeCode.UInt16
            or TypeCode.Int32 or TypeCode.UInt32 or TypeCode.Int64 or TypeCode.UInt64
            ? (Invariant(type.GetField("MinValue")!.GetValue(null)), Invariant(type.GetField("MaxValue")!.GetValue(null)))
            : null;

    private static string Invariant(object? value) => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";

    private static string UnknownOption(string name, string path, IEnumerable<string> valid) =>
        $"unknown option '{UserInput.Excerpt(name)}'{For(path)}{Hint(Nearest(name, valid), path)}";

    private static string UnknownCommand(string name, string path, IEnumerable<string> valid) =>
        $"unknown command '{UserInput.Excerpt(name)}'{For(path)}{Hint(Nearest(name, valid), path)}";

    private static string ExtraArgument(string token, string path, IEnumerable<CommandArgumentAttribute> arguments, IEnumerable<string> options)
    {
        var takes = arguments.Select(Show).ToList() switch
        {
            [] => "no arguments",
            [var one] => $"1 argument: {one}",
            var all => $"{all.Count} arguments: {string.Join(' ', all)}",
        };
        // A word that is nearly an option's name is most likely that option without its dashes.
        var nearest = Nearest(token, options);
        return $"unexpected argument '{UserInput.Excerpt(token)}' for '{path}', which takes {takes}"
            + (nearest is null ? "" : $"; did you mean '{nearest}'?");
    }

    private static string For(string path) => path.Length == 0 ? "" : $" for '{path}'";

    private static string Hint(string? nearest, string path) =>
        nearest is not null ? $"; did you mean '{nearest}'?" : $"; see '{CliApp.Name}{(path.Length == 0 ? "" : " " + path)} --help'";

    private static string Show(CommandArgumentAttribute argument) =>
        argument.IsRequired ? $"<{argument.ValueName}>" : $"[{argument.ValueName}]";

    private static IEnumerable<string> NamesOf(CommandOptionAttribute option) =>
        option.LongNames.Select(n => "--" + n).Concat(option.ShortNames.Select(n => "-" + n));

    // "-5" is a value, as Spectre reads it: short options are letters.
    private static bool IsOption(string token) => token.Length > 1 && token[0] == '-' && !char.IsDigit(token[1]);

    private static string OptionName(string token)
    {
        var end = token.IndexOfAny(['=', ':']);
        return end < 0 ? token : token[..end];
    }
}
