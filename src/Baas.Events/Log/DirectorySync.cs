using System.Runtime.InteropServices;

namespace Baas.Events.Log;

/// <summary>
/// fsync of a directory, so that a file just created or renamed in it survives a power loss. .NET cannot open
/// a directory as a file, so on Linux this calls open(2)/fsync(2) directly; elsewhere it does nothing (the
/// rename or create is still atomic, only its durability is left to the file system).
/// </summary>
public static partial class DirectorySync
{
    /// <summary>Flushes the directory entry list; false when the platform does not support it.</summary>
    public static bool Flush(string directory)
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        var fd = Native.Open(directory, 0x10000 /* O_RDONLY | O_DIRECTORY */);
        if (fd < 0)
        {
            return false;
        }

        try
        {
            return Native.Fsync(fd) == 0;
        }
        finally
        {
            _ = Native.Close(fd);
        }
    }

    private static partial class Native
    {
        [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        internal static partial int Open(string path, int flags);

        [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        internal static partial int Fsync(int fd);

        [LibraryImport("libc", EntryPoint = "close")]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        internal static partial int Close(int fd);
    }
}
