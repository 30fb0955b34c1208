using Microsoft.Extensions.Options;
using SweepGrid.Silo.Hosting;
using SweepGrid.Silo.Security;
using SweepGrid.Silo.Storage.PostgreSql;

// `SweepGrid.SiloHost migrate`: a one-shot run as the schema owner (a Kubernetes Job, a compose service), before silos start.
if (MigrateCommand.IsInvocation(args))
{
    return await MigrateCommand.RunAsync(args[1..], Console.Out, Console.Error, CancellationToken.None);
}

var builder = WebApplication.CreateBuilder(args);
try
{
    builder.AddSweepGridSiloHost();
}
catch (Exception e) when (e is OptionsValidationException or TlsConfigurationException)
{
    // A setting or a certificate file is wrong: the message names the key or the file; exit 2 as for bad input.
    await Console.Error.WriteLineAsync($"error: {e.Message}");
    return 2;
}

var app = builder.Build();
app.MapSweepGridEndpoints();
try
{
    await app.RunAsync();
}
catch (SchemaNotReadyException e)
{
    // The silo's first start-up stage checks the schema: fail fast with the reason and the fix (run migrate).
    await Console.Error.WriteLineAsync(e.Message);
    return 1;
}
return 0;
