using System.Security.Cryptography;
using System.Text;

namespace LeadFunctions.Storage.Authentication;

/// <summary>
/// A storage account name and account key, used to sign requests with Shared Key authorization.
/// The key never appears in <see cref="ToString"/> or in any exception message.
/// </summary>
public sealed class StorageSharedKeyCredential
{
    private readonly byte[] _accountKey;

    /// <summary>Creates a credential from the account name and its base64 account key.</summary>
    /// <exception cref="ArgumentException">The name is empty or the key is not valid base64 (the key is not echoed).</exception>
    public StorageSharedKeyCredential(string accountName, string accountKey)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(accountName);
        ArgumentException.ThrowIfNullOrWhiteSpace(accountKey);
        AccountName = accountName;
        _accountKey = DecodeKey(accountKey);
    }

    /// <summary>The storage account name.</summary>
    public string AccountName { get; }

    /// <summary>Signs <paramref name="stringToSign"/> (UTF-8) with HMAC-SHA256 and returns the base64 signature.</summary>
    internal string ComputeSignature(ReadOnlySpan<char> stringToSign)
    {
        const int StackLimit = 1024;
        int maxBytes = Encoding.UTF8.GetMaxByteCount(stringToSign.Length);
        byte[]? rented = null;
        Span<byte> utf8 = maxBytes <= StackLimit
            ? stackalloc byte[StackLimit]
            : (rented = System.Buffers.ArrayPool<byte>.Shared.Rent(maxBytes));
        try
        {
            int length = Encoding.UTF8.GetBytes(stringToSign, utf8);
            Span<byte> hash = stackalloc byte[HMACSHA256.HashSizeInBytes];
            HMACSHA256.HashData(_accountKey, utf8[..length], hash);
            return Convert.ToBase64String(hash);
        }
        finally
        {
            if (rented is not null)
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"StorageSharedKeyCredential {{ AccountName = {AccountName} }}";

    private static byte[] DecodeKey(string accountKey)
    {
        byte[] buffer = new byte[(accountKey.Length * 3 / 4) + 3];
        if (!Convert.TryFromBase64String(accountKey, buffer, out int written) || written == 0)
        {
            throw new ArgumentException("The storage account key is not valid base64.", nameof(accountKey));
        }

        return buffer.AsSpan(0, written).ToArray();
    }
}
