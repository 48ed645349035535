using MicroPythonRomfs.Device;
using MicroPythonRomfs.Reporting;
using MicroPythonRomfs.Romfs;

namespace MicroPythonRomfs.Partitions;

/// <summary>
/// The ROM partition operations of a connected board, one call each, as the cmdlets and <c>mpromfs</c> use them:
/// query, publish (deploy), and save (read back to a file).
/// </summary>
public static class BoardPartitions
{
    /// <summary>
    /// Gets the image to deploy: an image file is read and fully validated; a folder is built first with
    /// <paramref name="buildOptions"/>, exactly as <c>New-RomfsImage</c> would build it.
    /// </summary>
    /// <param name="path">An image file or a folder.</param>
    /// <param name="buildOptions">How to build a folder; <see langword="null"/> for the defaults.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The image bytes.</returns>
    /// <exception cref="FileNotFoundException">Nothing exists at <paramref name="path"/>.</exception>
    /// <exception cref="RomfsFormatException">The file is not a valid image; the message names the file and offset.</exception>
    public static async Task<byte[]> LoadImageAsync(string path, RomfsBuildOptions? buildOptions, CancellationToken cancellationToken)
    {
        if (path == null)
        {
            throw new ArgumentNullException(nameof(path));
        }

        if (Directory.Exists(path))
        {
            return await RomfsBuilder.BuildAsync(path, buildOptions, cancellationToken).ConfigureAwait(false);
        }

        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"'{path}' is neither an image file nor a folder.", path);
        }

        return RomfsFile.ReadInfo(path).Image.Bytes.ToArray();
    }

    /// <summary>Deploys an image to a partition and, if asked, soft-resets the board so it mounts the new image.</summary>
    /// <param name="device">The board.</param>
    /// <param name="image">The image bytes (validated again before the board is touched).</param>
    /// <param name="partition">The partition number.</param>
    /// <param name="options">How to deploy; <see langword="null"/> for the defaults.</param>
    /// <param name="softReset">Soft-reset the board after a successful deploy.</param>
    /// <param name="reporter">Receives progress and the "should I?" question.</param>
    /// <param name="cancellationToken">Cancels the deploy; the error then says what state the partition is in.</param>
    /// <returns>What was done, or <see langword="null"/> when the reporter declined.</returns>
    public static async Task<DeployResult?> PublishAsync(MicroPythonDevice device, byte[] image, int partition, DeployOptions? options, bool softReset, IOperationReporter? reporter, CancellationToken cancellationToken)
    {
        if (device == null)
        {
            throw new ArgumentNullException(nameof(device));
        }

        // A copy: the caller's options may serve several boards, and each board's unique id goes on its own result.
        options = options?.Copy() ?? new DeployOptions();
        options.UniqueId ??= device.UniqueId;
        var result = await new PartitionWriter(device.Session, reporter).DeployAsync(image, partition, options, cancellationToken).ConfigureAwait(false);
        if (result != null && softReset)
        {
            await device.SoftResetAsync(cancellationToken).ConfigureAwait(false);
        }

        return result;
    }

    /// <summary>Describes a board's partitions, optionally with the entries of the image each holds.</summary>
    /// <param name="device">The board.</param>
    /// <param name="partitions">The partition numbers, or <see langword="null"/> for all.</param>
    /// <param name="contents">Read each valid image back and list its entries.</param>
    /// <param name="reporter">Receives progress while images are read back.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>One description per partition.</returns>
    public static async Task<IReadOnlyList<RomPartitionInfo>> QueryAsync(MicroPythonDevice device, IReadOnlyList<int>? partitions, bool contents, IOperationReporter? reporter, CancellationToken cancellationToken)
    {
        if (device == null)
        {
            throw new ArgumentNullException(nameof(device));
        }

        var reader = new PartitionReader(device.Session);
        var infos = await reader.QueryAsync(partitions, device.UniqueId, cancellationToken).ConfigureAwait(false);
        var results = new List<RomPartitionInfo>(infos.Count);
        foreach (var info in infos)
        {
            var result = info.WithDevice(device);
            if (contents && info.HasValidImage)
            {
                var image = await reader.ReadImageAsync(info.Partition, reporter ?? NullOperationReporter.Instance, cancellationToken).ConfigureAwait(false);
                result = result.WithEntries(RomfsImage.Parse(image).Entries);
            }

            results.Add(result);
        }

        return results;
    }

    /// <summary>Reads a partition's image (or, with <paramref name="wholePartition"/>, every byte of it) to a file, atomically.</summary>
    /// <param name="device">The board.</param>
    /// <param name="partition">The partition number.</param>
    /// <param name="destinationFile">The file to write.</param>
    /// <param name="wholePartition">Save the whole partition, not just the image it holds.</param>
    /// <param name="overwrite">Replace an existing file.</param>
    /// <param name="reporter">Receives progress.</param>
    /// <param name="cancellationToken">Cancels the operation; nothing is left behind.</param>
    /// <returns>The file written.</returns>
    /// <exception cref="RomPartitionException">The partition holds no valid image (and the whole partition was not asked for).</exception>
    /// <exception cref="RomfsOutputExistsException">The file exists and <paramref name="overwrite"/> is off.</exception>
    public static async Task<FileInfo> SaveAsync(MicroPythonDevice device, int partition, string destinationFile, bool wholePartition, bool overwrite, IOperationReporter? reporter, CancellationToken cancellationToken)
    {
        if (device == null)
        {
            throw new ArgumentNullException(nameof(device));
        }

        if (!overwrite && File.Exists(destinationFile))
        {
            throw new RomfsOutputExistsException(destinationFile);
        }

        reporter ??= NullOperationReporter.Instance;
        var reader = new PartitionReader(device.Session);
        byte[] data;
        if (wholePartition)
        {
            var geometry = await reader.DescribeAsync(partition, cancellationToken).ConfigureAwait(false);
            data = await reader.ReadAsync(geometry, 0, checked((int)geometry.Size), reporter, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            data = await reader.ReadImageAsync(partition, reporter, cancellationToken).ConfigureAwait(false);
            RomfsImage.Parse(data);
        }

        AtomicFileWriter.WriteAllBytes(destinationFile, data, overwrite);
        return new FileInfo(destinationFile);
    }
}
