using System.Security.Cryptography;
using System.Text;
using LeadFunctions.Http.Protocol;
using Microsoft.Extensions.Options;

namespace LeadFunctions.LocalHost.Http;

/// <summary>
/// Enforces <c>AuthorizationLevel.Function</c> as the Functions host does: the key comes in the
/// <c>x-functions-key</c> header or the <c>code</c> query parameter; missing or wrong is 401. Compared in fixed time.
/// In Azure the host manages the keys; here the key is the <c>LocalHost__FunctionKey</c> setting.
/// </summary>
internal sealed class FunctionKeyFilter(IOptions<LocalHostOptions> options) : IEndpointFilter
{
    private readonly byte[] _key = Encoding.UTF8.GetBytes(options.Value.FunctionKey);

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var request = context.HttpContext.Request;
        var supplied = request.Headers["x-functions-key"].ToString();
        if (supplied.Length == 0)
        {
            supplied = request.Query["code"].ToString();
        }

        if (supplied.Length == 0)
        {
            return new ActionResultAdapter(
                Problems.Unauthorized("A function key is required (x-functions-key header or code query parameter)."));
        }

        var suppliedHash = SHA256.HashData(Encoding.UTF8.GetBytes(supplied));
        var expectedHash = SHA256.HashData(_key);
        if (!CryptographicOperations.FixedTimeEquals(suppliedHash, expectedHash))
        {
            return new ActionResultAdapter(Problems.Unauthorized("The function key is not valid."));
        }

        return await next(context);
    }
}
