using System.Text.RegularExpressions;

namespace SweepGrid.Silo.Security;

/// <summary>
/// Hides secrets in text meant for people (messages, logs, console output). Here rather than in the CLI so that the
/// silo's own commands (migrate) and the CLI hide connection-string passwords the same way.
/// </summary>
public static partial class SecretRedaction
{
    /// <summary>
    /// Hides the password under every keyword Npgsql accepts for it (Password, PWD, PSW; any case, spaces around '=',
    /// quoted or not), so no message or log shows it.
    /// </summary>
    public static string Redact(string text) => PasswordSetting().Replace(text, "$1$2***");

    [GeneratedRegex(@"(?i)\b(password|pwd|psw)(\s*=\s*)(""[^""]*""|'[^']*'|[^;]*)")]
    private static partial Regex PasswordSetting();
}
