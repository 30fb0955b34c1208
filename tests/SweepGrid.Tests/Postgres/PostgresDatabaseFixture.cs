using Xunit;

namespace SweepGrid.Tests.Postgres;

/// <summary>A fresh, uniquely named database for one test class, dropped when the class is done.</summary>
public sealed class PostgresDatabaseFixture : IAsyncLifetime
{
    private string? _connectionString;

    public string ConnectionString => _connectionString ?? throw new InvalidOperationException("The fixture is not initialized.");

    public async Task InitializeAsync() => _connectionString = await PostgresServer.CreateDatabaseAsync("db");

    public async Task DisposeAsync()
    {
        if (_connectionString is not null)
        {
            await PostgresServer.DropDatabaseAsync(_connectionString);
        }
    }
}
