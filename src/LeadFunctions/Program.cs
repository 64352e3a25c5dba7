using LeadFunctions.FunctionApp;
using Microsoft.Extensions.Hosting;

FunctionAppBuilder.Create(args).Build().Run();
