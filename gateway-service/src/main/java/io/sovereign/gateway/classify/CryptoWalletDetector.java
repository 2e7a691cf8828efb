package io.sovereign.gateway.classify;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Crypto wallet addresses: Bitcoin base58check (P2PKH "1...", P2SH "3...", testnet "m/n..." and "2...",
 * double-SHA-256 checksum) and bech32/bech32m ("bc1...", testnet "tb1...", BIP-173/350: bech32 for witness v0,
 * bech32m for v1+), Ethereum ("0x" + 40 hex: mixed case must carry a valid EIP-55 checksum, a typo'd
 * mixed-case address being no address; all one case is a valid address without a checksum, as EIP-55 says, and
 * fires as one: a 0x-prefixed 20-byte value is an address far more often than anything else, and a miss would send
 * a wallet out while a false hit only keeps a request in the building).
 */
final class CryptoWalletDetector implements Detector {
    private static final String BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    private static final String BECH32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";

    @Override
    public void scan(NormalizedText t, Sink sink) {
        String s = t.text;
        int n = s.length();
        int i = 0;
        while (i < n) {
            char c = s.charAt(i);
            if (!alnum(c)) {
                i++;
                continue;
            }
            int e = i;
            while (e < n && alnum(s.charAt(e)) && e - i < 100) {
                e++;
            }
            boolean bounded = (i == 0 || !Character.isLetterOrDigit(s.charAt(i - 1)))
                    && (e >= n || !Character.isLetterOrDigit(s.charAt(e)));
            if (bounded) {
                check(t, i, e, sink);
            }
            while (e < n && alnum(s.charAt(e))) {
                e++;
            }
            i = e;
        }
    }

    private static boolean alnum(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    private void check(NormalizedText t, int a, int e, Sink sink) {
        int len = e - a;
        char c0 = t.text.charAt(a);
        if (len < 14 || "13mn2bBtT0".indexOf(c0) < 0) {
            return; // most tokens are words: no substring for them
        }
        String tok = t.text.substring(a, e);
        if ("13mn2".indexOf(c0) >= 0 && len >= 25 && len <= 35 && base58check(tok)) {
            sink.hit("BITCOIN_ADDRESS", a, e);
        } else if (len >= 14
                && len <= 90
                && (tok.regionMatches(true, 0, "bc1", 0, 3) || tok.regionMatches(true, 0, "tb1", 0, 3))
                && bech32(tok)) {
            sink.hit("BITCOIN_ADDRESS", a, e);
        } else if (len == 42
                && c0 == '0'
                && (tok.charAt(1) == 'x' || tok.charAt(1) == 'X')
                && Entropy.hex(tok, 2, 42)
                && (!mixedCase(tok) || Keccak256.eip55(tok.substring(2)))) {
            sink.hit("ETHEREUM_ADDRESS", a, e);
        }
    }

    private static boolean mixedCase(String tok) {
        boolean upper = false;
        boolean lower = false;
        for (int i = 2; i < tok.length(); i++) {
            char c = tok.charAt(i);
            upper |= c >= 'A' && c <= 'F';
            lower |= c >= 'a' && c <= 'f';
        }
        return upper && lower;
    }

    /** 25 bytes: version 0x00 or 0x05 (mainnet), 0x6f or 0xc4 (testnet), 20-byte hash, 4-byte double-SHA-256 checksum. */
    static boolean base58check(String tok) {
        BigInteger v = BigInteger.ZERO;
        BigInteger b58 = BigInteger.valueOf(58);
        int zeros = 0;
        while (zeros < tok.length() && tok.charAt(zeros) == '1') {
            zeros++;
        }
        for (int i = 0; i < tok.length(); i++) {
            int d = BASE58.indexOf(tok.charAt(i));
            if (d < 0) {
                return false;
            }
            v = v.multiply(b58).add(BigInteger.valueOf(d));
        }
        byte[] raw = v.toByteArray();
        int skip = raw.length > 0 && raw[0] == 0 ? 1 : 0;
        int len = raw.length - skip + zeros;
        if (len != 25) {
            return false;
        }
        byte[] bytes = new byte[25];
        System.arraycopy(raw, skip, bytes, zeros, raw.length - skip);
        if (bytes[0] != 0 && bytes[0] != 5 && bytes[0] != (byte) 0x6f && bytes[0] != (byte) 0xc4) {
            return false;
        }
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(bytes, 0, 21);
            byte[] h = sha.digest(sha.digest());
            for (int i = 0; i < 4; i++) {
                if (h[i] != bytes[21 + i]) {
                    return false;
                }
            }
            return true;
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /**
     * bech32 (witness v0) or bech32m (v1+) checksum over "bc1..."/"tb1..." in one case; a program of 2-40 bytes whose
     * padding bits are zero. The checksum variant must match the version: a v1 address with a bech32 checksum is
     * exactly the mistake BIP-350 was written to reject.
     */
    static boolean bech32(String tok) {
        boolean lower = tok.equals(tok.toLowerCase(java.util.Locale.ROOT));
        boolean upper = tok.equals(tok.toUpperCase(java.util.Locale.ROOT));
        if (!lower && !upper) {
            return false;
        }
        String x = tok.toLowerCase(java.util.Locale.ROOT);
        int[] data = new int[x.length() - 3];
        for (int i = 3; i < x.length(); i++) {
            int v = BECH32.indexOf(x.charAt(i));
            if (v < 0) {
                return false;
            }
            data[i - 3] = v;
        }
        if (data.length < 7) {
            return false;
        }
        int chk = 1;
        int[] hrp = x.charAt(0) == 't' ? new int[] {3, 3, 0, 20, 2} : new int[] {3, 3, 0, 2, 3}; // "tb" / "bc"
        for (int v : hrp) {
            chk = polymod(chk, v);
        }
        for (int v : data) {
            chk = polymod(chk, v);
        }
        int version = data[0];
        int programBits = (data.length - 7) * 5;
        int programBytes = programBits / 8;
        if (version > 16 || programBytes < 2 || programBytes > 40 || programBits % 8 >= 5) {
            return false;
        }
        if (version == 0 && programBytes != 20 && programBytes != 32) {
            return false;
        }
        int padBits = programBits % 8;
        if ((data[data.length - 7] & ((1 << padBits) - 1)) != 0) {
            return false;
        }
        return version == 0 ? chk == 1 : chk == 0x2bc830a3;
    }

    private static int polymod(int chk, int v) {
        int[] gen = {0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3};
        int top = chk >>> 25;
        chk = (chk & 0x1ffffff) << 5 ^ v;
        for (int i = 0; i < 5; i++) {
            if (((top >>> i) & 1) != 0) {
                chk ^= gen[i];
            }
        }
        return chk;
    }
}
