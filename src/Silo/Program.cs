using SweepGrid.Silo;

var builder = WebApplication.CreateBuilder(args);
builder.AddSweepGridSilo();
var app = builder.Build();
app.MapSweepGridEndpoints();
app.Run();
