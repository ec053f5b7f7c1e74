using System.Diagnostics;
using System.Text;
using Baas.Compliance.Screening.Lists;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Baas.Compliance.Screening;

/// <summary>
/// Holds the list in use. The first read loads the directory; <see cref="Reload"/> loads it again into a new,
/// versioned <see cref="SanctionsList"/> and swaps it in atomically, so a screening sees either the old list or
/// the new one, never a mix. Loads are serialised; a failed load throws and leaves the current list in place.
/// </summary>
public sealed class SanctionsListProvider
{
    private readonly Lock _loadLock = new();
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private SanctionsList? _current;

    /// <summary>Creates a provider for <paramref name="directory"/>; nothing is read until the list is first needed.</summary>
    public SanctionsListProvider(string directory, TimeProvider? timeProvider = null, ILogger<SanctionsListProvider>? logger = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        Directory = Path.GetFullPath(directory);
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>Raised after a new list is swapped in (on the thread that loaded it).</summary>
    public event EventHandler<SanctionsListChangedEventArgs>? Changed;

    /// <summary>Raised when a load fails; the current list stays in use.</summary>
    public event EventHandler<Exception>? LoadFailed;

    /// <summary>The directory the lists are loaded from.</summary>
    public string Directory { get; }

    /// <summary>Whether a list has been loaded.</summary>
    public bool IsLoaded => Volatile.Read(ref _current) is not null;

    /// <summary>The list in use; the first read loads it (and throws when the directory holds no list).</summary>
    public SanctionsList Current => Volatile.Read(ref _current) ?? LoadFirst();

    /// <summary>The fingerprint of the directory when the list in use was read (names, sizes and times of its list files).</summary>
    public string? LoadedFingerprint { get; private set; }

    /// <summary>Loads the directory again, swaps the new list in and returns it. Throws (keeping the current list) when the load fails.</summary>
    public SanctionsList Reload()
    {
        lock (_loadLock)
        {
            return LoadLocked();
        }
    }

    /// <summary>
    /// The directory's fingerprint now: for each recognised list file, its name, size and last write time. A
    /// change means the lists may have been republished.
    /// </summary>
    public string CurrentFingerprint()
    {
        var sb = new StringBuilder();
        if (!System.IO.Directory.Exists(Directory))
        {
            return "";
        }

        foreach (var path in System.IO.Directory.EnumerateFiles(Directory).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(path);
            if (!SanctionsList.RecognisedFiles.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                continue;
            }

            var info = new FileInfo(path);
            sb.Append(name).Append(':').Append(info.Length).Append(':').Append(info.LastWriteTimeUtc.Ticks).Append(';');
        }

        return sb.ToString();
    }

    private SanctionsList LoadFirst()
    {
        lock (_loadLock)
        {
            return Volatile.Read(ref _current) ?? LoadLocked();
        }
    }

    private SanctionsList LoadLocked()
    {
        var started = Stopwatch.GetTimestamp();
        var fingerprint = CurrentFingerprint();
        SanctionsList list;
        try
        {
            list = SanctionsList.Load(Directory, _timeProvider);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException or System.Xml.XmlException)
        {
            Log.ListLoadFailed(_logger, Directory, e);
            LoadFailed?.Invoke(this, e);
            throw;
        }

        var previous = Interlocked.Exchange(ref _current, list);
        LoadedFingerprint = fingerprint;
        Log.ListLoaded(_logger, list.Version.Id, list.Entries.Count, list.NameCount, Directory, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        Changed?.Invoke(this, new SanctionsListChangedEventArgs(previous, list));
        return list;
    }
}
