using System.Net;
using System.Net.Sockets;

namespace Baas.Authorizer.Tests.Harness;

/// <summary>Free loopback ports for servers under test.</summary>
public static class Ports
{
    public static int Free()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        var port = ((IPEndPoint)socket.LocalEndpoint).Port;
        socket.Stop();
        return port;
    }
}
