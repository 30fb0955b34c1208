using SweepGrid.Client;

return await CliApp.RunAsync(args);
