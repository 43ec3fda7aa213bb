using ConsularHelpdesk;
using ConsularHelpdesk.Functions.Ingest;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();

builder.Services.AddHelpdeskCore(builder.Configuration);
builder.Services.AddStorageInitializer();
builder.Services.AddInboundQueueTrigger();

await builder.Build().RunAsync();
