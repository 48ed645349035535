namespace MicroPythonRomfs.Mpy.Compiler;

/// <summary>A complex number constant.</summary>
internal sealed record PyComplex(double Real, double Imag);
