using Npgsql;

namespace SweepGrid.Tests.Postgres;

/// <summary>Direct SQL for assertions about what the providers left in the tables.</summary>
internal static class PostgresSql
{
    /// <summary>Runs a query with positional parameters named @p0, @p1, ... and returns its single value.</summary>
    public static async Task<T> ScalarAsync<T>(string connectionString, string sql, params object[] parameters)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        for (var i = 0; i < parameters.Length; i++)
        {
            command.Parameters.AddWithValue($"p{i}", parameters[i]);
        }

        var value = await command.ExecuteScalarAsync();
        return value is T typed ? typed : throw new InvalidOperationException($"Expected a {typeof(T).Name} from '{sql}', got '{value ?? "no row"}'.");
    }

    /// <summary>Runs statements (several, separated by semicolons) that return nothing.</summary>
    public static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
