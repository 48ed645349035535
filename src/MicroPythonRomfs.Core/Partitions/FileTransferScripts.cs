using System.Globalization;
using System.Text;

namespace MicroPythonRomfs.Partitions;

/// <summary>
/// The Python for deploys whose data reaches the board as files (WebREPL's file protocol): a probe that the
/// filesystem can hold a batch, and a copier from the file into the bound partition that checks the file's CRC-32
/// before it writes anything. Run after <see cref="PartitionScripts.Library"/> and a bind, which define <c>w</c>
/// and <c>_C</c>.
/// </summary>
public static class FileTransferScripts
{
    /// <summary>Where the batches are stored on the board (removed after the deploy).</summary>
    public const string BatchPath = "/_mpromfs.tmp";

    /// <summary>
    /// Defines <c>_Ft(p,n)</c>: whether a file p can be made and the filesystem holding it has n bytes free; and
    /// <c>_Fc(p,S,c,Q)</c>: checks that file p has CRC-32 c (raising <c>OSError(5)</c> before writing anything if
    /// not), then writes its bytes to the (offset, length) ranges S in order, Q bytes per write.
    /// </summary>
    public const string Copier =
        "def _Ft(p,n):\n" +
        " import os\n" +
        " try:\n" +
        "  s=os.statvfs('/');open(p,'wb').close();os.remove(p);return s[0]*s[3]>=n\n" +
        " except Exception:return False\n" +
        "def _Fc(p,S,c,Q):\n" +
        " f=open(p,'rb')\n" +
        " try:\n" +
        "  k=0\n" +
        "  while 1:\n" +
        "   b=f.read(Q)\n" +
        "   if not b:break\n" +
        "   k=_C(b,k)\n" +
        "  if k!=c:raise OSError(5)\n" +
        "  f.seek(0)\n" +
        "  for o,n in S:\n" +
        "   while n>0:m=min(n,Q);w(o,f.read(m));o+=m;n-=m\n" +
        " finally:f.close()\n";

    /// <summary>The probe: whether <see cref="BatchPath"/> can hold <paramref name="bytes"/>.</summary>
    public static string CanStore(int bytes) => string.Format(CultureInfo.InvariantCulture, "_Ft('{0}',{1})", BatchPath, bytes);

    /// <summary>Copies the stored batch to the ranges given, after checking its CRC-32.</summary>
    public static string Copy(IReadOnlyList<(long Offset, int Length)> ranges, uint crc, int chunk)
    {
        var list = new StringBuilder("[");
        foreach (var (offset, length) in ranges)
        {
            list.Append(string.Format(CultureInfo.InvariantCulture, "({0},{1}),", offset, length));
        }

        list.Append(']');
        return string.Format(CultureInfo.InvariantCulture, "_Fc('{0}',{1},{2},{3})", BatchPath, list, crc, chunk);
    }

    /// <summary>Removes the stored batch, ignoring a missing file.</summary>
    public static string Remove => "import os\ntry:os.remove('" + BatchPath + "')\nexcept OSError:pass";
}
