using Spectre.Console.Cli;

namespace SweepGrid.Client;

/// <summary>
/// The command tree as it is registered with Spectre, kept where the error messages can read it: Spectre's own model is
/// internal, and an error message that names the valid commands and options must not drift from the real ones.
/// </summary>
internal sealed class CommandTable
{
    private readonly Dictionary<string, Type> _settings = new(StringComparer.Ordinal);

    /// <summary>Every command path ("train", "data fetch") with its settings type, in registration order.</summary>
    public IReadOnlyDictionary<string, Type> Settings => _settings;

    public ICommandConfigurator Add<TCommand>(IConfigurator config, string name)
        where TCommand : class, ICommand
    {
        _settings.Add(name, SettingsOf(typeof(TCommand)));
        return config.AddCommand<TCommand>(name);
    }

    /// <summary>A command inside a branch, by its whole path ("data fetch").</summary>
    public ICommandConfigurator Add<TCommand>(IConfigurator<CommandSettings> branch, string path)
        where TCommand : class, ICommandLimiter<CommandSettings>
    {
        _settings.Add(path, SettingsOf(typeof(TCommand)));
        return branch.AddCommand<TCommand>(path[(path.LastIndexOf(' ') + 1)..]);
    }

    /// <summary>The names valid after <paramref name="path"/> ("" for the top level): commands and branches.</summary>
    public IEnumerable<string> NamesUnder(string path)
    {
        var prefix = path.Length == 0 ? "" : path + " ";
        return _settings.Keys
            .Where(k => k.StartsWith(prefix, StringComparison.Ordinal))
            .Select(k => k[prefix.Length..].Split(' ')[0])
            .Distinct(StringComparer.Ordinal);
    }

    private static Type SettingsOf(Type command) =>
        command.GetInterfaces()
            .Single(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(ICommand<>))
            .GetGenericArguments()[0];
}
