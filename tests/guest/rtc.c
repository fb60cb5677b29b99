/*
 * Goldfish RTC: wall-clock nanoseconds (plausible, advancing with real
 * time as measured by mtime), the latched high word, setting the time,
 * and the alarm raising its interrupt (source 11) through the PLIC.
 */
#include "guest.h"

const char *guest_prog_name = "rtc";

#define RTC(r) (VIRT_RTC_BASE + (r))
#define NS_2020 0x15e59a35b98a0000ULL       /* 2020-01-01 */
#define NS_2200 0x64ba043ac9ba0000ULL       /* 2200-01-01 */
#define NS_PER_MTIME 100                    /* 10 MHz */

static uint64_t rtc_now(void)
{
    uint32_t lo = mmio_read32(RTC(RTC_TIME_LOW));   /* latches the high */
    uint32_t hi = mmio_read32(RTC(RTC_TIME_HIGH));

    return ((uint64_t)hi << 32) | lo;
}

static void test_plausible(void)
{
    uint64_t t = rtc_now();

    if (t < NS_2020 || t > NS_2200) {
        FAIL("time 0x%llx ns is not between 2020 and 2200",
             (unsigned long long)t);
    }
}

static void test_advances(void)
{
    uint64_t r0, r1, m0, m1, dr, dm;

    m0 = mtime_read();
    r0 = rtc_now();
    delay_us(50000);
    r1 = rtc_now();
    m1 = mtime_read();
    dr = r1 - r0;
    dm = (m1 - m0) * NS_PER_MTIME;
    /* the two clocks agree to within a generous margin */
    if (dr < dm / 2 || dr > dm * 2 + 100000000ULL) {
        FAIL("rtc advanced %llu ns while mtime advanced %llu ns",
             (unsigned long long)dr, (unsigned long long)dm);
    }
    EXPECT_TRUE(rtc_now() >= r1);
}

static void test_set_time(void)
{
    uint64_t target = NS_2020 + 0x123456789ULL * 1000;
    uint64_t now = rtc_now(), t;

    mmio_write32(RTC(RTC_TIME_HIGH), (uint32_t)(target >> 32));
    mmio_write32(RTC(RTC_TIME_LOW), (uint32_t)target);
    t = rtc_now();
    if (t < target || t > target + 1000000000ULL) {
        FAIL("set 0x%llx, read back 0x%llx", (unsigned long long)target,
             (unsigned long long)t);
    }
    mmio_write32(RTC(RTC_TIME_HIGH), (uint32_t)(now >> 32));
    mmio_write32(RTC(RTC_TIME_LOW), (uint32_t)now);
}

static void test_alarm_irq(void)
{
    uint64_t alarm, deadline;
    uint32_t claim, status_armed;
    bool pending = false;

    mmio_write32(PLIC_PRIORITY(VIRT_RTC_IRQ), 1);
    mmio_write32(PLIC_THRESHOLD(0), 0);
    mmio_write32(PLIC_ENABLE(0, VIRT_RTC_IRQ), 1u << VIRT_RTC_IRQ);
    csr_write(mie, 0);

    mmio_write32(RTC(RTC_IRQ_ENABLED), 1);
    alarm = rtc_now() + 5000000;                    /* 5 ms */
    mmio_write32(RTC(RTC_ALARM_HIGH), (uint32_t)(alarm >> 32));
    mmio_write32(RTC(RTC_ALARM_LOW), (uint32_t)alarm);
    status_armed = mmio_read32(RTC(RTC_ALARM_STATUS));
    EXPECT_EQ(csr_read(mip) & MIP_MEIP, 0);
    deadline = mtime_read() + TIMEBASE_FREQ;
    while (mtime_read() < deadline) {
        if (csr_read(mip) & MIP_MEIP) {
            pending = true;
            break;
        }
    }
    EXPECT_EQ(status_armed, 1);
    if (!pending) {
        FAIL("no alarm interrupt within 1 s");
        return;
    }
    EXPECT_TRUE(rtc_now() >= alarm);
    EXPECT_TRUE(mmio_read32(PLIC_PENDING(VIRT_RTC_IRQ)) &
                (1u << VIRT_RTC_IRQ));
    EXPECT_EQ(mmio_read32(RTC(RTC_ALARM_STATUS)), 0);
    claim = mmio_read32(PLIC_CLAIM(0));
    EXPECT_EQ(claim, VIRT_RTC_IRQ);
    mmio_write32(RTC(RTC_CLEAR_INTERRUPT), 1);
    mmio_write32(PLIC_CLAIM(0), claim);
    EXPECT_EQ(csr_read(mip) & MIP_MEIP, 0);
    EXPECT_EQ(mmio_read32(PLIC_CLAIM(0)), 0);
    mmio_write32(RTC(RTC_IRQ_ENABLED), 0);
    mmio_write32(PLIC_ENABLE(0, VIRT_RTC_IRQ), 0);
}

static void test_alarm_cancel(void)
{
    uint64_t alarm = rtc_now() + 2000000;

    mmio_write32(PLIC_PRIORITY(VIRT_RTC_IRQ), 1);
    mmio_write32(PLIC_ENABLE(0, VIRT_RTC_IRQ), 1u << VIRT_RTC_IRQ);
    mmio_write32(RTC(RTC_IRQ_ENABLED), 1);
    mmio_write32(RTC(RTC_ALARM_HIGH), (uint32_t)(alarm >> 32));
    mmio_write32(RTC(RTC_ALARM_LOW), (uint32_t)alarm);
    mmio_write32(RTC(RTC_CLEAR_ALARM), 1);
    EXPECT_EQ(mmio_read32(RTC(RTC_ALARM_STATUS)), 0);
    delay_us(10000);
    EXPECT_EQ(csr_read(mip) & MIP_MEIP, 0);
    mmio_write32(RTC(RTC_IRQ_ENABLED), 0);
    mmio_write32(PLIC_ENABLE(0, VIRT_RTC_IRQ), 0);
}

int main(void)
{
    RUN_TEST(plausible);
    RUN_TEST(advances);
    RUN_TEST(set_time);
    RUN_TEST(alarm_irq);
    RUN_TEST(alarm_cancel);
    return guest_finish();
}
