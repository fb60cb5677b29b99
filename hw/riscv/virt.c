/*
 * The RISC-V "virt" board, in versions: virt-X.Y keeps the defaults of
 * release X.Y through the compat arrays of every later release, so a VM
 * started as virt-10.2 stays migratable to a 10.2 binary.  "virt" is the
 * alias of the newest version.
 *
 * QEMU's memory map and interrupt numbers: harts with a CLINT (ACLINT
 * MSWI + MTIMER) and a PLIC, a 16550A UART, the SiFive test finisher,
 * a goldfish RTC, and DRAM at 2 GiB; the mask ROM at 0x1000 enters the
 * firmware (OpenSBI fw_dynamic) with the device tree in a1.
 */
#include "qemu/osdep.h"
#include <libfdt.h>
#include "qapi/error.h"
#include "qemu/error-report.h"
#include "qemu/units.h"
#include "exec/memory.h"
#include "hw/boards.h"
#include "hw/irq.h"
#include "hw/loader.h"
#include "hw/qdev-properties.h"
#include "hw/sysbus.h"
#include "hw/char/serial-mm.h"
#include "hw/intc/riscv_aclint.h"
#include "hw/intc/sifive_plic.h"
#include "hw/misc/sifive_test.h"
#include "hw/rtc/goldfish_rtc.h"
#include "hw/riscv/boot.h"
#include "hw/riscv/fdt.h"
#include "hw/riscv/riscv_hart.h"
#include "hw/riscv/virt.h"
#include "system/arch.h"
#include "system/cpus.h"
#include "system/runstate.h"
#include "system/system.h"
#include "target/riscv/cpu.h"

const MemMapEntry virt_memmap[] = {
    [VIRT_DEBUG] =  {        0x0,         0x100 },
    [VIRT_MROM] =   {     0x1000,        0xf000 },
    [VIRT_TEST] =   {   0x100000,        0x1000 },
    [VIRT_RTC] =    {   0x101000,        0x1000 },
    [VIRT_CLINT] =  {  0x2000000,       0x10000 },
    /* Sized for QEMU's 512 harts with M and S contexts each */
    [VIRT_PLIC] =   {  0xc000000, VIRT_PLIC_SIZE(512 * 2) },
    [VIRT_UART0] =  { 0x10000000,         0x100 },
    [VIRT_VIRTIO] = { 0x10001000,        0x1000 },
    [VIRT_DRAM] =   { 0x80000000,           0x0 },
};

/* The 16550A input clock the guest is told, and the model's baudbase */
#define VIRT_UART_CLOCK 3686400
#define VIRT_UART_BAUDBASE 399193

/* ---- Devices --------------------------------------------------------- */

static RISCVCPU *virt_hart(RISCVVirtState *s, int i)
{
    return &s->soc[0].harts[i];
}

/* "MS" per hart with S mode, "M" otherwise, comma separated */
static char *virt_plic_hart_config(RISCVVirtState *s, int n)
{
    GString *cfg = g_string_new(NULL);

    for (int i = 0; i < n; i++) {
        bool has_s = riscv_has_ext(&virt_hart(s, i)->env, RVS);
        g_string_append_printf(cfg, "%s%s", i ? "," : "", has_s ? "MS" : "M");
    }
    return g_string_free(cfg, false);
}

static void virt_create_harts(RISCVVirtState *s, MachineState *ms)
{
    RISCVHartArrayState *soc = &s->soc[0];

    object_initialize_child(OBJECT(ms), "soc0", soc, TYPE_RISCV_HART_ARRAY);
    object_property_set_str(OBJECT(soc), "cpu-type", ms->cpu_type,
                            &error_abort);
    object_property_set_uint(OBJECT(soc), "hartid-base", 0, &error_abort);
    object_property_set_uint(OBJECT(soc), "num-harts", ms->smp.cpus,
                             &error_abort);
    object_property_set_uint(OBJECT(soc), "resetvec",
                             virt_memmap[VIRT_MROM].base, &error_abort);
    sysbus_realize(SYS_BUS_DEVICE(soc), &error_fatal);
}

/* CLINT (MSWI + MTIMER) and PLIC, wired to the harts' mip lines */
static void virt_create_irqchips(RISCVVirtState *s, int n)
{
    g_autofree qemu_irq *msip = g_new0(qemu_irq, n);
    g_autofree qemu_irq *mtip = g_new0(qemu_irq, n);
    g_autofree qemu_irq *meip = g_new0(qemu_irq, n);
    g_autofree qemu_irq *seip = g_new0(qemu_irq, n);
    g_autofree char *hart_config = virt_plic_hart_config(s, n);
    DeviceState *swi, *mtimer;

    for (int i = 0; i < n; i++) {
        DeviceState *cpu = DEVICE(virt_hart(s, i));

        msip[i] = qdev_get_gpio_in(cpu, IRQ_M_SOFT);
        mtip[i] = qdev_get_gpio_in(cpu, IRQ_M_TIMER);
        meip[i] = qdev_get_gpio_in(cpu, IRQ_M_EXT);
        seip[i] = qdev_get_gpio_in(cpu, IRQ_S_EXT);
    }

    swi = riscv_aclint_swi_create(virt_memmap[VIRT_CLINT].base, 0, n, false);
    riscv_aclint_swi_connect_harts(swi, msip);
    mtimer = riscv_aclint_mtimer_create(
        virt_memmap[VIRT_CLINT].base + RISCV_ACLINT_SWI_SIZE,
        RISCV_ACLINT_DEFAULT_MTIMER_SIZE, 0, n,
        RISCV_ACLINT_DEFAULT_MTIMECMP, RISCV_ACLINT_DEFAULT_MTIME,
        RISCV_ACLINT_DEFAULT_TIMEBASE_FREQ, true);
    riscv_aclint_mtimer_connect_harts(mtimer, mtip);
    for (int i = 0; i < n; i++) {
        CPURISCVState *env = &virt_hart(s, i)->env;

        riscv_cpu_set_rdtime_fn(env, riscv_aclint_mtimer_get_time, mtimer);
        riscv_cpu_set_timebase_freq(env, RISCV_ACLINT_DEFAULT_TIMEBASE_FREQ);
    }

    s->irqchip[0] = sifive_plic_create(
        virt_memmap[VIRT_PLIC].base, hart_config, n, 0,
        VIRT_IRQCHIP_NUM_SOURCES, (1U << VIRT_IRQCHIP_NUM_PRIO_BITS) - 1,
        VIRT_PLIC_PRIORITY_BASE, VIRT_PLIC_PENDING_BASE,
        VIRT_PLIC_ENABLE_BASE, VIRT_PLIC_ENABLE_STRIDE,
        VIRT_PLIC_CONTEXT_BASE, VIRT_PLIC_CONTEXT_STRIDE,
        virt_memmap[VIRT_PLIC].size);
    sifive_plic_connect_harts(s->irqchip[0], meip, seip);
}

static DeviceState *virt_sysbus_create(const char *type, hwaddr addr,
                                       qemu_irq irq)
{
    DeviceState *dev = qdev_new(type);

    sysbus_realize_and_unref(SYS_BUS_DEVICE(dev), &error_fatal);
    sysbus_mmio_map(SYS_BUS_DEVICE(dev), 0, addr);
    if (irq) {
        sysbus_connect_irq(SYS_BUS_DEVICE(dev), 0, irq);
    }
    return dev;
}

/* The virtio-mmio transports exist once their device model does. */
static bool virt_has_virtio_mmio(void)
{
    return object_class_by_name("virtio-mmio") != NULL;
}

static void virt_create_devices(RISCVVirtState *s)
{
    MemoryRegion *sysmem = get_system_memory();
    DeviceState *plic = s->irqchip[0];

    sifive_test_create(virt_memmap[VIRT_TEST].base);
    virt_sysbus_create(TYPE_GOLDFISH_RTC, virt_memmap[VIRT_RTC].base,
                       qdev_get_gpio_in(plic, RTC_IRQ));
    serial_mm_init(sysmem, virt_memmap[VIRT_UART0].base, 0,
                   qdev_get_gpio_in(plic, UART0_IRQ), VIRT_UART_BAUDBASE,
                   serial_hd(0), DEVICE_LITTLE_ENDIAN);
    if (virt_has_virtio_mmio()) {
        for (int i = 0; i < VIRTIO_COUNT; i++) {
            virt_sysbus_create("virtio-mmio",
                               virt_memmap[VIRT_VIRTIO].base +
                               i * virt_memmap[VIRT_VIRTIO].size,
                               qdev_get_gpio_in(plic, VIRTIO_IRQ + i));
        }
    }
}

/* ---- Device tree ----------------------------------------------------- */

static const char *virt_mmu_type(RISCVCPU *cpu)
{
    if (!cpu->cfg.mmu) {
        return "riscv,none";
    }
    switch (cpu->cfg.max_satp_mode) {
    case VM_1_10_SV32:
        return "riscv,sv32";
    case VM_1_10_SV39:
        return "riscv,sv39";
    case VM_1_10_SV48:
        return "riscv,sv48";
    case VM_1_10_SV57:
        return "riscv,sv57";
    default:
        return "riscv,none";
    }
}

/* The extensions of @cpu in canonical order, as single and multi-letter */
static GPtrArray *virt_isa_extensions(RISCVCPU *cpu)
{
    CPURISCVState *env = &cpu->env;
    GPtrArray *exts = g_ptr_array_new_with_free_func(g_free);
    static const char letters[] = "iemafdqcbpvh";

    for (const char *l = letters; *l; l++) {
        if (riscv_has_ext(env, RV(g_ascii_toupper(*l)))) {
            g_ptr_array_add(exts, g_strdup_printf("%c", *l));
        }
    }
    g_ptr_array_add(exts, g_strdup("zicntr"));
    if (cpu->cfg.ext_zicsr) {
        g_ptr_array_add(exts, g_strdup("zicsr"));
    }
    if (cpu->cfg.ext_zifencei) {
        g_ptr_array_add(exts, g_strdup("zifencei"));
    }
    g_ptr_array_add(exts, g_strdup("zihpm"));
    if (riscv_has_ext(env, RVA)) {
        g_ptr_array_add(exts, g_strdup("zaamo"));
        g_ptr_array_add(exts, g_strdup("zalrsc"));
    }
    if (riscv_has_ext(env, RVC)) {
        g_ptr_array_add(exts, g_strdup("zca"));
    }
    if (cpu->cfg.ext_sstc) {
        g_ptr_array_add(exts, g_strdup("sstc"));
    }
    if (cpu->cfg.mmu) {
        g_ptr_array_add(exts, g_strdup("svadu"));
    }
    return exts;
}

static void virt_fdt_cpu(void *fdt, RISCVCPU *cpu, int hartid,
                         uint32_t cpu_phandle, uint32_t intc_phandle)
{
    g_autofree char *name = g_strdup_printf("/cpus/cpu@%d", hartid);
    g_autofree char *intc = g_strdup_printf("%s/interrupt-controller", name);
    g_autoptr(GPtrArray) exts = virt_isa_extensions(cpu);
    int xlen = cpu->env.xl32 ? 32 : 64;
    GString *isa = g_string_new(NULL);
    g_autofree char *base = g_strdup_printf("rv%di", xlen);

    g_string_append_printf(isa, "rv%d", xlen);
    for (guint i = 0; i < exts->len; i++) {
        const char *e = exts->pdata[i];
        g_string_append_printf(isa, "%s%s", strlen(e) > 1 ? "_" : "", e);
    }

    riscv_fdt_add_subnode(fdt, name);
    riscv_fdt_setprop_string(fdt, name, "mmu-type", virt_mmu_type(cpu));
    riscv_fdt_setprop_string(fdt, name, "riscv,isa", isa->str);
    riscv_fdt_setprop_string(fdt, name, "riscv,isa-base", base);
    riscv_fdt_setprop_string_array(fdt, name, "riscv,isa-extensions",
                                   (const char *const *)exts->pdata,
                                   exts->len);
    riscv_fdt_setprop_string(fdt, name, "compatible", "riscv");
    riscv_fdt_setprop_string(fdt, name, "status", "okay");
    riscv_fdt_setprop_cell(fdt, name, "reg", hartid);
    riscv_fdt_setprop_string(fdt, name, "device_type", "cpu");
    riscv_fdt_setprop_cell(fdt, name, "phandle", cpu_phandle);

    riscv_fdt_add_subnode(fdt, intc);
    riscv_fdt_setprop_cell(fdt, intc, "phandle", intc_phandle);
    riscv_fdt_setprop_string(fdt, intc, "compatible", "riscv,cpu-intc");
    riscv_fdt_setprop(fdt, intc, "interrupt-controller", NULL, 0);
    riscv_fdt_setprop_cell(fdt, intc, "#interrupt-cells", 1);
    riscv_fdt_setprop_cell(fdt, intc, "#address-cells", 0);
    g_string_free(isa, true);
}

/* /cpus and its harts; fills @intc_phandles (one per hart) */
static void virt_fdt_cpus(RISCVVirtState *s, void *fdt, int n,
                          uint32_t *phandle, uint32_t *intc_phandles)
{
    riscv_fdt_add_subnode(fdt, "/cpus");
    riscv_fdt_setprop_cell(fdt, "/cpus", "timebase-frequency",
                           RISCV_ACLINT_DEFAULT_TIMEBASE_FREQ);
    riscv_fdt_setprop_cell(fdt, "/cpus", "#size-cells", 0x0);
    riscv_fdt_setprop_cell(fdt, "/cpus", "#address-cells", 0x1);
    riscv_fdt_add_subnode(fdt, "/cpus/cpu-map");
    riscv_fdt_add_subnode(fdt, "/cpus/cpu-map/cluster0");

    /* Last hart first: libfdt puts new nodes before their siblings */
    for (int cpu = n - 1; cpu >= 0; cpu--) {
        uint32_t cpu_phandle = (*phandle)++;
        g_autofree char *core =
            g_strdup_printf("/cpus/cpu-map/cluster0/core%d", cpu);

        intc_phandles[cpu] = (*phandle)++;
        virt_fdt_cpu(fdt, virt_hart(s, cpu), s->soc[0].hartid_base + cpu,
                     cpu_phandle, intc_phandles[cpu]);
        riscv_fdt_add_subnode(fdt, core);
        riscv_fdt_setprop_cell(fdt, core, "cpu", cpu_phandle);
    }
}

static void virt_fdt_memory(void *fdt, uint64_t size)
{
    uint64_t addr = virt_memmap[VIRT_DRAM].base;
    g_autofree char *name = g_strdup_printf("/memory@%" PRIx64, addr);

    riscv_fdt_add_subnode(fdt, name);
    riscv_fdt_setprop_cells(fdt, name, "reg", addr >> 32, (uint32_t)addr,
                            size >> 32, (uint32_t)size);
    riscv_fdt_setprop_string(fdt, name, "device_type", "memory");
}

/* Pairs of <intc phandle, irq> cells, one pair per hart per entry */
static void virt_fdt_irqs_extended(void *fdt, const char *name, int n,
                                   const uint32_t *intc_phandles,
                                   const uint32_t *irqs, int nirqs)
{
    g_autofree uint32_t *cells = g_new(uint32_t, n * nirqs * 2);

    for (int cpu = 0; cpu < n; cpu++) {
        for (int j = 0; j < nirqs; j++) {
            cells[(cpu * nirqs + j) * 2] = intc_phandles[cpu];
            cells[(cpu * nirqs + j) * 2 + 1] = irqs[j];
        }
    }
    riscv_fdt_setprop_cells_n(fdt, name, "interrupts-extended", cells,
                              n * nirqs * 2);
}

static void virt_fdt_clint(void *fdt, int n, const uint32_t *intc_phandles)
{
    static const char *const compat[] = { "sifive,clint0", "riscv,clint0" };
    static const uint32_t irqs[] = { IRQ_M_SOFT, IRQ_M_TIMER };
    hwaddr addr = virt_memmap[VIRT_CLINT].base;
    g_autofree char *name = g_strdup_printf("/soc/clint@%" PRIx64,
                                            (uint64_t)addr);

    riscv_fdt_add_subnode(fdt, name);
    riscv_fdt_setprop_string_array(fdt, name, "compatible", compat,
                                   ARRAY_SIZE(compat));
    riscv_fdt_setprop_cells(fdt, name, "reg", 0x0, (uint32_t)addr, 0x0,
                            (uint32_t)virt_memmap[VIRT_CLINT].size);
    virt_fdt_irqs_extended(fdt, name, n, intc_phandles, irqs,
                           ARRAY_SIZE(irqs));
}

static void virt_fdt_plic(void *fdt, int n, const uint32_t *intc_phandles,
                          uint32_t plic_phandle)
{
    static const char *const compat[] = { "sifive,plic-1.0.0",
                                          "riscv,plic0" };
    static const uint32_t irqs[] = { IRQ_M_EXT, IRQ_S_EXT };
    hwaddr addr = virt_memmap[VIRT_PLIC].base;
    g_autofree char *name = g_strdup_printf("/soc/plic@%" PRIx64,
                                            (uint64_t)addr);

    riscv_fdt_add_subnode(fdt, name);
    riscv_fdt_setprop_cell(fdt, name, "#interrupt-cells",
                           FDT_PLIC_INT_CELLS);
    riscv_fdt_setprop_cell(fdt, name, "#address-cells",
                           FDT_PLIC_ADDR_CELLS);
    riscv_fdt_setprop_string_array(fdt, name, "compatible", compat,
                                   ARRAY_SIZE(compat));
    riscv_fdt_setprop(fdt, name, "interrupt-controller", NULL, 0);
    virt_fdt_irqs_extended(fdt, name, n, intc_phandles, irqs,
                           ARRAY_SIZE(irqs));
    riscv_fdt_setprop_cells(fdt, name, "reg", 0x0, (uint32_t)addr, 0x0,
                            (uint32_t)virt_memmap[VIRT_PLIC].size);
    riscv_fdt_setprop_cell(fdt, name, "riscv,ndev",
                           VIRT_IRQCHIP_NUM_SOURCES - 1);
    riscv_fdt_setprop_cell(fdt, name, "phandle", plic_phandle);
}

static void virt_fdt_virtio(void *fdt, uint32_t plic_phandle)
{
    for (int i = 0; i < VIRTIO_COUNT; i++) {
        hwaddr addr = virt_memmap[VIRT_VIRTIO].base +
                      i * virt_memmap[VIRT_VIRTIO].size;
        g_autofree char *name = g_strdup_printf("/soc/virtio_mmio@%" PRIx64,
                                                (uint64_t)addr);

        riscv_fdt_add_subnode(fdt, name);
        riscv_fdt_setprop_string(fdt, name, "compatible", "virtio,mmio");
        riscv_fdt_setprop_cells(fdt, name, "reg", 0x0, (uint32_t)addr, 0x0,
                                (uint32_t)virt_memmap[VIRT_VIRTIO].size);
        riscv_fdt_setprop_cell(fdt, name, "interrupt-parent", plic_phandle);
        riscv_fdt_setprop_cell(fdt, name, "interrupts", VIRTIO_IRQ + i);
    }
}

/* The test finisher, and the syscon reboot/poweroff nodes using it */
static void virt_fdt_reset(void *fdt, uint32_t *phandle)
{
    static const char *const compat[] = { "sifive,test1", "sifive,test0",
                                          "syscon" };
    hwaddr addr = virt_memmap[VIRT_TEST].base;
    g_autofree char *name = g_strdup_printf("/soc/test@%" PRIx64,
                                            (uint64_t)addr);
    uint32_t test_phandle = (*phandle)++;

    riscv_fdt_add_subnode(fdt, name);
    riscv_fdt_setprop_string_array(fdt, name, "compatible", compat,
                                   ARRAY_SIZE(compat));
    riscv_fdt_setprop_cells(fdt, name, "reg", 0x0, (uint32_t)addr, 0x0,
                            (uint32_t)virt_memmap[VIRT_TEST].size);
    riscv_fdt_setprop_cell(fdt, name, "phandle", test_phandle);

    riscv_fdt_add_subnode(fdt, "/reboot");
    riscv_fdt_setprop_string(fdt, "/reboot", "compatible", "syscon-reboot");
    riscv_fdt_setprop_cell(fdt, "/reboot", "regmap", test_phandle);
    riscv_fdt_setprop_cell(fdt, "/reboot", "offset", 0x0);
    riscv_fdt_setprop_cell(fdt, "/reboot", "value", FINISHER_RESET);

    riscv_fdt_add_subnode(fdt, "/poweroff");
    riscv_fdt_setprop_string(fdt, "/poweroff", "compatible",
                             "syscon-poweroff");
    riscv_fdt_setprop_cell(fdt, "/poweroff", "regmap", test_phandle);
    riscv_fdt_setprop_cell(fdt, "/poweroff", "offset", 0x0);
    riscv_fdt_setprop_cell(fdt, "/poweroff", "value", FINISHER_PASS);
}

static void virt_fdt_uart(void *fdt, uint32_t plic_phandle)
{
    hwaddr addr = virt_memmap[VIRT_UART0].base;
    g_autofree char *name = g_strdup_printf("/soc/serial@%" PRIx64,
                                            (uint64_t)addr);

    riscv_fdt_add_subnode(fdt, name);
    riscv_fdt_setprop_string(fdt, name, "compatible", "ns16550a");
    riscv_fdt_setprop_cells(fdt, name, "reg", 0x0, (uint32_t)addr, 0x0,
                            (uint32_t)virt_memmap[VIRT_UART0].size);
    riscv_fdt_setprop_cell(fdt, name, "clock-frequency", VIRT_UART_CLOCK);
    riscv_fdt_setprop_cell(fdt, name, "interrupt-parent", plic_phandle);
    riscv_fdt_setprop_cell(fdt, name, "interrupts", UART0_IRQ);
    riscv_fdt_setprop_string(fdt, "/chosen", "stdout-path", name);
    riscv_fdt_setprop_string(fdt, "/aliases", "serial0", name);
}

static void virt_fdt_rtc(void *fdt, uint32_t plic_phandle)
{
    hwaddr addr = virt_memmap[VIRT_RTC].base;
    g_autofree char *name = g_strdup_printf("/soc/rtc@%" PRIx64,
                                            (uint64_t)addr);

    riscv_fdt_add_subnode(fdt, name);
    riscv_fdt_setprop_string(fdt, name, "compatible", "google,goldfish-rtc");
    riscv_fdt_setprop_cells(fdt, name, "reg", 0x0, (uint32_t)addr, 0x0,
                            (uint32_t)virt_memmap[VIRT_RTC].size);
    riscv_fdt_setprop_cell(fdt, name, "interrupt-parent", plic_phandle);
    riscv_fdt_setprop_cell(fdt, name, "interrupts", RTC_IRQ);
}

static void *virt_create_fdt(RISCVVirtState *s, MachineState *ms)
{
    int n = s->soc[0].num_harts;
    g_autofree uint32_t *intc_phandles = g_new0(uint32_t, n);
    uint32_t phandle = 1, plic_phandle;
    uint8_t rng_seed[32];
    void *fdt = riscv_fdt_create();

    riscv_fdt_setprop_string(fdt, "/", "model", "riscv-virtio,qemu");
    riscv_fdt_setprop_string(fdt, "/", "compatible", "riscv-virtio");
    riscv_fdt_setprop_cell(fdt, "/", "#size-cells", 0x2);
    riscv_fdt_setprop_cell(fdt, "/", "#address-cells", 0x2);

    riscv_fdt_add_subnode(fdt, "/soc");
    riscv_fdt_setprop(fdt, "/soc", "ranges", NULL, 0);
    riscv_fdt_setprop_string(fdt, "/soc", "compatible", "simple-bus");
    riscv_fdt_setprop_cell(fdt, "/soc", "#size-cells", 0x2);
    riscv_fdt_setprop_cell(fdt, "/soc", "#address-cells", 0x2);

    virt_fdt_cpus(s, fdt, n, &phandle, intc_phandles);
    virt_fdt_memory(fdt, ms->ram_size);
    virt_fdt_clint(fdt, n, intc_phandles);
    plic_phandle = phandle++;
    virt_fdt_plic(fdt, n, intc_phandles, plic_phandle);
    if (virt_has_virtio_mmio()) {
        virt_fdt_virtio(fdt, plic_phandle);
    }
    virt_fdt_reset(fdt, &phandle);

    riscv_fdt_add_subnode(fdt, "/chosen");
    for (size_t i = 0; i < sizeof(rng_seed); i += 4) {
        uint32_t r = g_random_int();
        memcpy(rng_seed + i, &r, 4);
    }
    riscv_fdt_setprop(fdt, "/chosen", "rng-seed", rng_seed,
                      sizeof(rng_seed));
    riscv_fdt_add_subnode(fdt, "/aliases");
    virt_fdt_uart(fdt, plic_phandle);
    virt_fdt_rtc(fdt, plic_phandle);
    return fdt;
}

/* -machine dumpdtb=FILE: write the final tree and exit, as QEMU does */
static void virt_dumpdtb(RISCVVirtState *s)
{
    g_autoptr(GError) err = NULL;

    if (!s->dumpdtb) {
        return;
    }
    if (g_file_set_contents(s->dumpdtb, s->fdt, fdt_totalsize(s->fdt),
                            &err)) {
        info_report("dtb dumped to %s. Exiting.", s->dumpdtb);
        exit(0);
    }
    error_report("Failed dumping dtb to %s: %s", s->dumpdtb, err->message);
    exit(1);
}

/* ---- Boot ------------------------------------------------------------ */

static void virt_boot(RISCVVirtState *s, MachineState *ms)
{
    hwaddr dram_base = virt_memmap[VIRT_DRAM].base;
    hwaddr start_addr = dram_base, firmware_end_addr, kernel_start_addr;
    const char *firmware_name = riscv_default_firmware_name(&s->soc[0]);
    bool no_firmware = ms->firmware && !strcmp(ms->firmware, "none");
    uint64_t kernel_entry = 0, fdt_load_addr;
    RISCVBootInfo info;

    riscv_boot_info_init(&info, &s->soc[0]);
    firmware_end_addr = riscv_find_and_load_firmware(ms, &info, firmware_name,
                                                     &start_addr, NULL);
    if (ms->kernel_filename) {
        kernel_start_addr = riscv_calc_kernel_start_addr(&info,
                                                         firmware_end_addr);
        riscv_load_kernel(ms, &info, s->fdt, dram_base, kernel_start_addr,
                          true, NULL);
        kernel_entry = info.image_low_addr;
        /* Bare metal: the harts leave the ROM for the program's entry */
        if (no_firmware) {
            start_addr = info.entry;
        }
    }

    fdt_load_addr = riscv_compute_fdt_addr(dram_base,
                                           virt_memmap[VIRT_DRAM].size, ms,
                                           &info, s->fdt);
    s->fdt_size = fdt_totalsize(s->fdt);
    virt_dumpdtb(s);
    riscv_load_fdt(fdt_load_addr, s->fdt);
    riscv_setup_rom_reset_vec(ms, &s->soc[0], start_addr,
                              virt_memmap[VIRT_MROM].base,
                              virt_memmap[VIRT_MROM].size, kernel_entry,
                              fdt_load_addr);
}

/* ---- Machine --------------------------------------------------------- */

/* Machine reset: the board's devices (harts and ROMs have their own) */
static void virt_machine_reset(void *opaque)
{
    qbus_reset_all(sysbus_get_default());
}

static void virt_machine_init(MachineState *ms)
{
    RISCVVirtState *s = RISCV_VIRT_MACHINE(ms);
    MemoryRegion *sysmem = get_system_memory();
    MemoryRegion *mask_rom = g_new(MemoryRegion, 1);

    if (!ms->kernel_filename) {
        if (ms->initrd_filename) {
            error_report("-initrd only allowed with -kernel option");
            exit(1);
        }
        if (ms->kernel_cmdline && *ms->kernel_cmdline) {
            error_report("-append only allowed with -kernel option");
            exit(1);
        }
    }

    virt_create_harts(s, ms);
    if (riscv_is_32bit(&s->soc[0]) && ms->ram_size > 10 * GiB) {
        error_report("RAM size %" PRIu64 " MiB is more than a 32-bit "
                     "virt machine supports (10 GiB)", ms->ram_size / MiB);
        exit(1);
    }

    memory_region_add_subregion(sysmem, virt_memmap[VIRT_DRAM].base,
                                ms->ram);
    memory_region_init_rom(mask_rom, NULL, "riscv_virt_board.mrom",
                           virt_memmap[VIRT_MROM].size, &error_fatal);
    memory_region_add_subregion(sysmem, virt_memmap[VIRT_MROM].base,
                                mask_rom);

    virt_create_irqchips(s, s->soc[0].num_harts);
    virt_create_devices(s);

    if (ms->dtb) {
        Error *err = NULL;

        s->fdt = riscv_fdt_load(ms->dtb, &err);
        if (!s->fdt) {
            error_report_err(err);
            exit(1);
        }
    } else {
        s->fdt = virt_create_fdt(s, ms);
    }
    virt_boot(s, ms);
    qemu_register_reset(virt_machine_reset, s);

    /* start vCPU: each hart gets the engine and its (parked) thread */
    for (uint32_t i = 0; i < s->soc[0].num_harts; i++) {
        qemu_init_vcpu(virt_hart(s, i));
    }
}

static char *virt_get_dumpdtb(Object *obj, Error **errp)
{
    return g_strdup(RISCV_VIRT_MACHINE(obj)->dumpdtb);
}

static void virt_set_dumpdtb(Object *obj, const char *value, Error **errp)
{
    RISCVVirtState *s = RISCV_VIRT_MACHINE(obj);

    g_free(s->dumpdtb);
    s->dumpdtb = g_strdup(value);
}

static void virt_machine_finalize(Object *obj)
{
    RISCVVirtState *s = RISCV_VIRT_MACHINE(obj);

    g_free(s->fdt);
    g_free(s->dumpdtb);
}

static void virt_machine_class_init(ObjectClass *oc, const void *data)
{
    MachineClass *mc = MACHINE_CLASS(oc);
    const char *target = target_name();

    mc->desc = "RISC-V VirtIO board";
    mc->init = virt_machine_init;
    mc->max_cpus = VIRT_CPUS_MAX;
    mc->default_ram_size = 128 * 1024 * 1024;
    mc->default_ram_id = "riscv_virt_board.ram";
    mc->ram_required = true;
    /* The harts of the binary's own width unless -cpu says otherwise */
    mc->default_cpu_type = target && !strcmp(target, "riscv32")
                           ? TYPE_RISCV_CPU_BASE32 : TYPE_RISCV_CPU_BASE64;

    object_class_property_add_str(oc, "dumpdtb", virt_get_dumpdtb,
                                  virt_set_dumpdtb);
    object_class_property_set_description(oc, "dumpdtb",
        "Dump the device tree blob to a file and exit");
}

static const TypeInfo virt_machine_info = {
    .name = TYPE_RISCV_VIRT_MACHINE,
    .parent = TYPE_MACHINE,
    .abstract = true,
    .instance_size = sizeof(RISCVVirtState),
    .instance_finalize = virt_machine_finalize,
    .class_init = virt_machine_class_init,
};
/*
 * One class per version.  Each version's options function calls the next
 * newer one, then adds the compat array of that newer release.
 */
#define DEFINE_VIRT_MACHINE(major, minor, latest)                          \
    static void virt_machine_##major##_##minor##_class_init(              \
        ObjectClass *oc, const void *data)                                 \
    {                                                                      \
        MachineClass *mc = MACHINE_CLASS(oc);                              \
        mc->name = "virt-" #major "." #minor;                              \
        virt_machine_##major##_##minor##_options(mc);                      \
        if (latest) {                                                      \
            mc->alias = "virt";                                            \
            mc->is_default = true;                                         \
        }                                                                  \
    }                                                                      \
    static const TypeInfo virt_machine_##major##_##minor##_info = {        \
        .name = MACHINE_TYPE_NAME("virt-" #major "." #minor),              \
        .parent = TYPE_RISCV_VIRT_MACHINE,                                 \
        .class_init = virt_machine_##major##_##minor##_class_init,        \
    };                                                                     \
    static void virt_machine_##major##_##minor##_register(void)           \
    {                                                                      \
        type_register_static(&virt_machine_##major##_##minor##_info);     \
    }                                                                      \
    type_init(virt_machine_##major##_##minor##_register)

static void virt_machine_11_1_options(MachineClass *mc)
{
}
DEFINE_VIRT_MACHINE(11, 1, true);

static void virt_machine_11_0_options(MachineClass *mc)
{
    virt_machine_11_1_options(mc);
    compat_props_add(mc->compat_props, hw_compat_11_0, hw_compat_11_0_len);
}
DEFINE_VIRT_MACHINE(11, 0, false);

static void virt_machine_10_2_options(MachineClass *mc)
{
    virt_machine_11_0_options(mc);
    compat_props_add(mc->compat_props, hw_compat_10_2, hw_compat_10_2_len);
}
DEFINE_VIRT_MACHINE(10, 2, false);

static void virt_register_types(void)
{
    type_register_static(&virt_machine_info);
}

type_init(virt_register_types)
