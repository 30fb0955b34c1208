using SweepGrid.Client;
using SweepGrid.Client.Cluster;
using Xunit;

namespace SweepGrid.Tests.Cli;

[Trait("Category", "Integration")]
public sealed class SecretRedactionTests
{
    [Theory]
    [InlineData("Host=db;Password=s3cret;Database=x", "Host=db;Password=***;Database=x")]
    [InlineData("Host=db;PWD=s3cret", "Host=db;PWD=***")]
    [InlineData("Host=db;psw = s3cret ;Database=x", "Host=db;psw = ***;Database=x")]
    [InlineData("Host=db;Password='s3;cret';Database=x", "Host=db;Password=***;Database=x")]
    [InlineData("Host=db;password=\"s3;cret\"", "Host=db;password=***")]
    public void Every_password_keyword_npgsql_accepts_is_redacted(string connectionString, string expected)
    {
        Assert.Equal(expected, ClusterConnection.Redact(connectionString));
    }

    [Fact]
    public void An_unreachable_cluster_given_by_connection_string_never_prints_its_password()
    {
        var (exit, output) = CliRunner.Run("list", "--cluster", "Host=127.0.0.1;Port=9;PWD=s3cret;Database=x;Timeout=1", "--connect-timeout", "3");

        Assert.Equal(ExitCodes.Failed, exit);
        Assert.Contains("PWD=***", output);
        Assert.DoesNotContain("s3cret", output);
    }

    [Fact]
    public void A_malformed_connection_string_is_bad_input_and_never_prints_its_password()
    {
        var (exit, output) = CliRunner.Run("list", "--cluster", "Host=127.0.0.1;Bogus Keyword=1;PSW=s3cret");

        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Contains("--cluster: not a valid PostgreSQL connection string", output);
        Assert.DoesNotContain("s3cret", output);
    }
}
