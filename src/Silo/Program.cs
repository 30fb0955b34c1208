using SweepGrid.Silo.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddSweepGridSilo();
var app = builder.Build();
app.MapSweepGridEndpoints();
app.Run();
