using System.Net;
using Microsoft.AspNetCore.Http;

namespace LeadFunctions.Http.Capture;

/// <summary>
/// Where a host finds the client's address for the form route's rate limit: behind the Functions front end it is in
/// <c>X-Forwarded-For</c> (<see cref="PlatformClientAddressSource"/>, the default); the local host reads that header
/// only from the proxies it is told to trust.
/// </summary>
public interface IClientAddressSource
{
    IPAddress GetClientAddress(HttpContext context);
}
