namespace MicroPythonRomfs.Partitions;

/// <summary>Why a partition operation failed; cmdlets use the name as the error record's id.</summary>
public enum RomPartitionFailure
{
    /// <summary>The board answered something the host could not read.</summary>
    UnexpectedAnswer,

    /// <summary>The board's firmware has no <c>vfs.rom_ioctl</c>.</summary>
    RomfsNotSupported,

    /// <summary>The board supports ROMFS but has no partitions.</summary>
    NoRomPartitions,

    /// <summary>The board has no partition with that number.</summary>
    RomPartitionNotFound,

    /// <summary>The image is larger than the partition.</summary>
    ImageTooBig,

    /// <summary>The image is not a valid ROMFS image.</summary>
    InvalidImage,

    /// <summary>The partition holds no valid image to read.</summary>
    NoImageOnPartition,

    /// <summary>The board cannot decode the requested transfer encoding.</summary>
    TransferNotSupported,

    /// <summary>The board refused an erase, write or completion.</summary>
    FlashOperationFailed,

    /// <summary>The deploy stopped part-way: cancelled, the link dropped, or the board raised an error.</summary>
    DeployInterrupted,

    /// <summary>Read-back after writing found a difference.</summary>
    VerificationFailed,
}
