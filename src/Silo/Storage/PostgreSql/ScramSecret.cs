using System.Security.Cryptography;
using System.Text;

namespace SweepGrid.Silo.Storage.PostgreSql;

/// <summary>
/// A password as PostgreSQL stores it for SCRAM-SHA-256 (RFC 5802/7677), computed here so that CREATE/ALTER ROLE
/// carries only the verifier: statement logging, pg_stat_statements and error reports then never see the password
/// itself (what psql's \password does too). PostgreSQL stores a value in this format as given.
/// </summary>
internal static class ScramSecret
{
    // PostgreSQL's defaults (scram_iterations, and the salt length it generates).
    private const int Iterations = 4096;
    private const int SaltLength = 16;

    /// <summary>
    /// Printable ASCII without spaces: PostgreSQL normalizes other passwords with SASLprep before hashing, which
    /// this class does not reproduce, and such a password also survives being pasted into a connection string.
    /// </summary>
    public static bool IsSupported(string password) => password.Length > 0 && password.All(c => c is >= '!' and <= '~');

    public static string Create(string password)
    {
        if (!IsSupported(password))
        {
            throw new ArgumentException("the password must be printable ASCII without spaces", nameof(password));
        }

        var salt = RandomNumberGenerator.GetBytes(SaltLength);
        var salted = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, Iterations, HashAlgorithmName.SHA256, SHA256.HashSizeInBytes);
        var storedKey = SHA256.HashData(HMACSHA256.HashData(salted, "Client Key"u8));
        var serverKey = HMACSHA256.HashData(salted, "Server Key"u8);
        return $"SCRAM-SHA-256${Iterations}:{Convert.ToBase64String(salt)}${Convert.ToBase64String(storedKey)}:{Convert.ToBase64String(serverKey)}";
    }
}
