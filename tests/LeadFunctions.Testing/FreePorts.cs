using System.Net;
using System.Net.Sockets;

namespace LeadFunctions.Testing;

/// <summary>Picks free loopback TCP ports by letting the OS assign them.</summary>
public static class FreePorts
{
    /// <summary>
    /// Returns <paramref name="count"/> distinct ports that were free a moment ago (all are bound at once, then
    /// released). Another process may still take one before the server binds it: callers retry on a clash.
    /// </summary>
    public static int[] Pick(int count)
    {
        var listeners = new TcpListener[count];
        try
        {
            for (int i = 0; i < count; i++)
            {
                listeners[i] = new TcpListener(IPAddress.Loopback, 0);
                listeners[i].Start();
            }

            return [.. listeners.Select(listener => ((IPEndPoint)listener.LocalEndpoint).Port)];
        }
        finally
        {
            foreach (TcpListener? listener in listeners)
            {
                listener?.Stop();
            }
        }
    }
}
