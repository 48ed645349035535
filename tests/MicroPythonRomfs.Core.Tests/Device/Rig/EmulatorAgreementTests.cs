using System.Text;
using MicroPythonRomfs.Device;
using MicroPythonRomfs.Partitions;

namespace MicroPythonRomfs.Tests.Device.Rig;

/// <summary>
/// The emulator against upstream firmware, statement by statement: where the emulator models the firmware
/// (vfs.rom_ioctl's answers, NOR-flash writes, the boot-time mount and sys.path), both must answer alike. The
/// firmware is the reference. Known, accepted differences are left out: the emulator's partition memoryview is
/// writable (the firmware's is read-only), and the webassembly build's errno numbers and argument-count messages.
/// </summary>
public class EmulatorAgreementTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    private static readonly string[] RomIoctlStatements =
    {
        "import vfs\nprint(vfs.rom_ioctl(1))",
        "print(vfs.rom_ioctl(6,0), vfs.rom_ioctl(6,1), vfs.rom_ioctl(6,2))",
        "print(vfs.rom_ioctl(2,2), vfs.rom_ioctl(2,-1))",
        "m=vfs.rom_ioctl(2,0)\nprint(type(m), len(m), m[0], vfs.rom_ioctl(2,0) is m)",
        "print(vfs.rom_ioctl(3,0,4096))",
        "print(vfs.rom_ioctl(3,0,0,8192), vfs.rom_ioctl(3,0,100,8192), vfs.rom_ioctl(3,0,0,300000), vfs.rom_ioctl(3,0,262144))",
        "print(vfs.rom_ioctl(3,5,4096), vfs.rom_ioctl(3,0))",
        "print(vfs.rom_ioctl(4,0,0,b'\\x0f\\xf0abc'), bytes(m[:5]))",
        "print(vfs.rom_ioctl(4,0,0,b'\\xf3'), bytes(m[:1]))",
        "print(vfs.rom_ioctl(4,0,262143,b'ab'), vfs.rom_ioctl(4,0,-1,b'ab'))",
        "print(vfs.rom_ioctl(4,0,3,'str'))",
        "print(vfs.rom_ioctl(4,0,4096,memoryview(b'xyz')), bytes(m[4096:4099]))",
        "print(vfs.rom_ioctl(5,0), vfs.rom_ioctl(5,7), vfs.rom_ioctl(99))",
        "print(vfs.rom_ioctl(3,1,1,4096), vfs.rom_ioctl(4,1,4096,bytearray(5000)), vfs.rom_ioctl(4,1,65534,b'abcd'))",
        "print(bytes(vfs.rom_ioctl(2,1)[4094:4098]))",
        "import sys\nprint(sys.path)",
        "import os\ntry:\n os.listdir('/rom')\nexcept OSError as e:\n print(type(e).__name__)",
        "import binascii, deflate, io, hashlib, micropython\nprint(hasattr(hashlib,'sha256'), hasattr(micropython,'kbd_intr'), hasattr(sys.stdin,'buffer'))",
        "print(sys.implementation._mpy & 0x3ff)",
    };

    [Fact]
    public async Task RomIoctl_AnswersEveryStatement_AsUpstreamFirmwareDoes()
    {
        using var emulator = await TestBoard.StartTcpAsync(BoardKind.Emulator);
        using var upstream = await TestBoard.StartTcpAsync(BoardKind.Upstream);
        using var onEmulator = await MicroPythonDevice.ConnectAsync(emulator.Port, null, None);
        using var onUpstream = await MicroPythonDevice.ConnectAsync(upstream.Port, null, None);

        foreach (var statement in RomIoctlStatements)
        {
            Assert.Equal(await RunAsync(onUpstream, statement), await RunAsync(onEmulator, statement));
        }
    }

    [Fact]
    public async Task Boot_MountsPartitionZero_AndPutsRomOnSysPath_AsUpstreamFirmwareDoes()
    {
        var image = File.ReadAllBytes(TestPaths.VectorImage("basic.nompy.romfs"));
        const string Probe = "import os, sys\nprint(sys.path)\nprint(sorted(os.listdir('/rom')))\nimport module2\nprint(module2.__file__)";
        using var emulator = await TestBoard.StartTcpAsync(BoardKind.Emulator);
        using var upstream = await TestBoard.StartTcpAsync(BoardKind.Upstream);
        using var onEmulator = await MicroPythonDevice.ConnectAsync(emulator.Port, null, None);
        using var onUpstream = await MicroPythonDevice.ConnectAsync(upstream.Port, null, None);

        foreach (var device in new[] { onEmulator, onUpstream })
        {
            await new PartitionWriter(device.Session).DeployAsync(image, 0, null, None);
            await device.SoftResetAsync(None);
        }

        var expected = await RunAsync(onUpstream, Probe);
        Assert.Equal("['', '.frozen', '/rom', '/rom/lib', '/lib']\r\n['config.py', 'data', 'lib', 'main.py']\r\n/rom/lib/module2.py\r\n", expected);
        Assert.Equal(expected, await RunAsync(onEmulator, Probe));
    }

    private static async Task<string> RunAsync(MicroPythonDevice device, string statement)
    {
        try
        {
            return Encoding.UTF8.GetString(await device.Session.ExecAsync(statement, None));
        }
        catch (MicroPythonException e)
        {
            return $"{e.Output}raised {e.ExceptionName}: {e.ExceptionMessage}";
        }
    }
}
