using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace TurtleHarbor.Tests.EndToEnd;

/// <summary>A fact that needs an IPv4 address of this machine other than loopback: skipped, and said so, where there is none.</summary>
public sealed class NonLoopbackFactAttribute : FactAttribute
{
    public NonLoopbackFactAttribute()
    {
        if (Address() is null)
        {
            Skip = "this machine has no IPv4 address other than loopback, so nothing can connect from one.";
        }
    }

    /// <summary>The first up interface's non-loopback IPv4 address, or null.</summary>
    public static IPAddress? Address() => NetworkInterface.GetAllNetworkInterfaces()
        .Where(i => i.OperationalStatus is OperationalStatus.Up or OperationalStatus.Unknown && i.NetworkInterfaceType != NetworkInterfaceType.Loopback)
        .SelectMany(i => i.GetIPProperties().UnicastAddresses)
        .Select(a => a.Address)
        .FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a));
}
