;; The per-sample work of EfficientAT's log-mel front-end, in WebAssembly with 128-bit SIMD.
;;
;; Why: the FFTs of a 10 s window take under 1 ms in PFFFT, but windowing, power, mel bands and the logarithm done
;; in JavaScript took another 4 ms, so the front-end cost as much as the encoder. Here each step handles four floats
;; per instruction and the whole frame loop, FFT calls included, runs without returning to JavaScript.
;;
;; The module shares PFFFT's memory and calls its ordered real FFT; every pointer is a byte address in that memory.
;; Source of src-main/ml/log-mel-kernel.generated.ts: `npm run generate:kernels` after editing.

(module
  (import "env" "memory" (memory 1))
  ;; pffft_transform_ordered(setup, input, output, work, direction)
  (import "pffft" "transform" (func $fft (param i32 i32 i32 i32 i32)))

  ;; dst[i] = src[i + 1] - 0.97 src[i] for i < count: EfficientAT's pre-emphasis.
  (func (export "preemphasise") (param $src i32) (param $dst i32) (param $count i32)
    (local $end i32)
    (local $coefficient v128)
    (local.set $coefficient (f32x4.splat (f32.const 0.97)))
    (local.set $end (i32.add (local.get $dst) (i32.shl (i32.and (local.get $count) (i32.const -4)) (i32.const 2))))
    (block $done
      (loop $four
        (br_if $done (i32.ge_u (local.get $dst) (local.get $end)))
        (v128.store align=4 (local.get $dst)
          (f32x4.sub
            (v128.load offset=4 align=4 (local.get $src))
            (f32x4.mul (local.get $coefficient) (v128.load align=4 (local.get $src)))))
        (local.set $src (i32.add (local.get $src) (i32.const 16)))
        (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
        (br $four)))
    (local.set $end (i32.add (local.get $end) (i32.shl (i32.and (local.get $count) (i32.const 3)) (i32.const 2))))
    (block $done
      (loop $one
        (br_if $done (i32.ge_u (local.get $dst) (local.get $end)))
        (f32.store (local.get $dst)
          (f32.sub (f32.load offset=4 (local.get $src)) (f32.mul (f32.const 0.97) (f32.load (local.get $src)))))
        (local.set $src (i32.add (local.get $src) (i32.const 4)))
        (local.set $dst (i32.add (local.get $dst) (i32.const 4)))
        (br $one))))

  ;; Mel band energies of `frames` frames, written band-major: band b of frame t goes to out + b * stride + 4 t.
  ;; Frame t is the 1024 samples at signal + t * hopBytes, of which only the middle 800 are windowed: `fftIn` keeps
  ;; zeros outside [windowStart, windowStart + windowBytes) from its allocation on.
  ;; power holds |X_k|^2 for bins k < powerBins (a multiple of 4); bin 0 is DC alone (PFFFT puts the Nyquist bin,
  ;; which no band uses, beside it). The mel table is, per band: first bin's byte offset in power, number of
  ;; 4-weight groups, then the weights, zero-padded to whole groups.
  (func (export "melEnergies")
    (param $signal i32) (param $frames i32) (param $hopBytes i32)
    (param $window i32) (param $windowStart i32) (param $windowBytes i32)
    (param $setup i32) (param $fftIn i32) (param $fftOut i32) (param $work i32)
    (param $power i32) (param $powerBins i32) (param $mel i32) (param $bands i32)
    (param $out i32) (param $stride i32)
    (local $frame i32) (local $i i32) (local $src i32) (local $dst i32)
    (local $table i32) (local $band i32) (local $groups i32)
    (local $a v128) (local $b v128) (local $sum v128)
    (block $allFrames
      (loop $eachFrame
        (br_if $allFrames (i32.ge_u (local.get $frame) (local.get $frames)))

        ;; window: fftIn[windowStart + i] = signal[frame, windowStart + i] * hann[i]
        (local.set $src (i32.add (i32.add (local.get $signal) (i32.mul (local.get $frame) (local.get $hopBytes))) (local.get $windowStart)))
        (local.set $dst (i32.add (local.get $fftIn) (local.get $windowStart)))
        (local.set $i (i32.const 0))
        (block $windowed
          (loop $windowing
            (br_if $windowed (i32.ge_u (local.get $i) (local.get $windowBytes)))
            (v128.store (i32.add (local.get $dst) (local.get $i))
              (f32x4.mul
                (v128.load align=4 (i32.add (local.get $src) (local.get $i)))
                (v128.load (i32.add (local.get $window) (local.get $i)))))
            (local.set $i (i32.add (local.get $i) (i32.const 16)))
            (br $windowing)))

        (call $fft (local.get $setup) (local.get $fftIn) (local.get $fftOut) (local.get $work) (i32.const 0))

        ;; power: four bins from two vectors (re, im, re, im) (re, im, re, im)
        (local.set $src (local.get $fftOut))
        (local.set $dst (local.get $power))
        (local.set $i (i32.const 0))
        (block $powered
          (loop $powering
            (br_if $powered (i32.ge_u (local.get $i) (local.get $powerBins)))
            (local.set $a (v128.load (local.get $src)))
            (local.set $b (v128.load offset=16 (local.get $src)))
            (local.set $a (f32x4.mul (local.get $a) (local.get $a)))
            (local.set $b (f32x4.mul (local.get $b) (local.get $b)))
            (v128.store (local.get $dst)
              (f32x4.add
                (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27 (local.get $a) (local.get $b))
                (i8x16.shuffle 4 5 6 7 12 13 14 15 20 21 22 23 28 29 30 31 (local.get $a) (local.get $b))))
            (local.set $src (i32.add (local.get $src) (i32.const 32)))
            (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
            (local.set $i (i32.add (local.get $i) (i32.const 4)))
            (br $powering)))
        (f32.store (local.get $power) (f32.mul (f32.load (local.get $fftOut)) (f32.load (local.get $fftOut))))

        ;; mel bands: one dot product of a band's weights with its run of bins
        (local.set $table (local.get $mel))
        (local.set $dst (i32.add (local.get $out) (i32.shl (local.get $frame) (i32.const 2))))
        (local.set $band (i32.const 0))
        (block $banded
          (loop $banding
            (br_if $banded (i32.ge_u (local.get $band) (local.get $bands)))
            (local.set $src (i32.add (local.get $power) (i32.load (local.get $table))))
            (local.set $groups (i32.load offset=4 (local.get $table)))
            (local.set $table (i32.add (local.get $table) (i32.const 8)))
            (local.set $sum (v128.const f32x4 0 0 0 0))
            (block $summed
              (loop $summing
                (br_if $summed (i32.eqz (local.get $groups)))
                (local.set $sum
                  (f32x4.add (local.get $sum)
                    (f32x4.mul (v128.load align=4 (local.get $table)) (v128.load align=4 (local.get $src)))))
                (local.set $table (i32.add (local.get $table) (i32.const 16)))
                (local.set $src (i32.add (local.get $src) (i32.const 16)))
                (local.set $groups (i32.sub (local.get $groups) (i32.const 1)))
                (br $summing)))
            (f32.store (local.get $dst)
              (f32.add
                (f32.add (f32x4.extract_lane 0 (local.get $sum)) (f32x4.extract_lane 1 (local.get $sum)))
                (f32.add (f32x4.extract_lane 2 (local.get $sum)) (f32x4.extract_lane 3 (local.get $sum)))))
            (local.set $dst (i32.add (local.get $dst) (local.get $stride)))
            (local.set $band (i32.add (local.get $band) (i32.const 1)))
            (br $banding)))

        (local.set $frame (i32.add (local.get $frame) (i32.const 1)))
        (br $eachFrame))))

  ;; x = (ln(x + 1e-5) + 4.5) / 5 in place, for count floats (a multiple of 4).
  ;; ln splits x = m 2^e with m in [sqrt(1/2), sqrt(2)) and sums ln m = 2 atanh(s), s = (m - 1) / (m + 1), to s^9:
  ;; |s| < 0.172 there, so the series is exact to float precision.
  (func (export "logNormalise") (param $at i32) (param $count i32)
    (local $end i32)
    (local $x v128) (local $exponent v128) (local $mantissa v128) (local $high v128)
    (local $s v128) (local $s2 v128) (local $series v128)
    (local.set $end (i32.add (local.get $at) (i32.shl (local.get $count) (i32.const 2))))
    (block $done
      (loop $four
        (br_if $done (i32.ge_u (local.get $at) (local.get $end)))
        (local.set $x (f32x4.add (v128.load (local.get $at)) (v128.const f32x4 1e-5 1e-5 1e-5 1e-5)))
        (local.set $exponent (i32x4.sub (i32x4.shr_u (local.get $x) (i32.const 23)) (v128.const i32x4 127 127 127 127)))
        (local.set $mantissa
          (v128.or (v128.and (local.get $x) (v128.const i32x4 0x007fffff 0x007fffff 0x007fffff 0x007fffff))
                   (v128.const i32x4 0x3f800000 0x3f800000 0x3f800000 0x3f800000)))
        ;; m above sqrt(2): halve it and count one more power of two (the mask is -1 in those lanes)
        (local.set $high (i32x4.gt_s (local.get $mantissa) (v128.const i32x4 0x3fb504f3 0x3fb504f3 0x3fb504f3 0x3fb504f3)))
        (local.set $mantissa (i32x4.sub (local.get $mantissa) (v128.and (local.get $high) (v128.const i32x4 0x00800000 0x00800000 0x00800000 0x00800000))))
        (local.set $exponent (i32x4.sub (local.get $exponent) (local.get $high)))
        (local.set $s
          (f32x4.div
            (f32x4.sub (local.get $mantissa) (v128.const f32x4 1 1 1 1))
            (f32x4.add (local.get $mantissa) (v128.const f32x4 1 1 1 1))))
        (local.set $s2 (f32x4.mul (local.get $s) (local.get $s)))
        (local.set $series (v128.const f32x4 0.11111111 0.11111111 0.11111111 0.11111111))
        (local.set $series (f32x4.add (f32x4.mul (local.get $series) (local.get $s2)) (v128.const f32x4 0.14285715 0.14285715 0.14285715 0.14285715)))
        (local.set $series (f32x4.add (f32x4.mul (local.get $series) (local.get $s2)) (v128.const f32x4 0.2 0.2 0.2 0.2)))
        (local.set $series (f32x4.add (f32x4.mul (local.get $series) (local.get $s2)) (v128.const f32x4 0.33333334 0.33333334 0.33333334 0.33333334)))
        (local.set $series (f32x4.add (f32x4.mul (local.get $series) (local.get $s2)) (v128.const f32x4 1 1 1 1)))
        (v128.store (local.get $at)
          (f32x4.mul
            (f32x4.add
              (f32x4.add
                (f32x4.mul (f32x4.add (local.get $s) (local.get $s)) (local.get $series))
                (f32x4.mul (f32x4.convert_i32x4_s (local.get $exponent)) (v128.const f32x4 0.6931472 0.6931472 0.6931472 0.6931472)))
              (v128.const f32x4 4.5 4.5 4.5 4.5))
            (v128.const f32x4 0.2 0.2 0.2 0.2)))
        (local.set $at (i32.add (local.get $at) (i32.const 16)))
        (br $four))))
)
