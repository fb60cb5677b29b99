/*
 * VIRTIO core: the virtio-device base type, feature negotiation, status,
 * config space and split virtqueues read from guest memory through
 * address_space_memory.  A malformed ring marks the device broken.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qemu/log.h"
#include "qemu/atomic.h"
#include "qemu/module.h"
#include "hw/qdev-properties.h"
#include "hw/virtio/virtio.h"
#include "hw/virtio/virtio-bus.h"

struct VirtQueue {
    VirtIODevice *vdev;
    int index;
    unsigned int num;
    unsigned int num_max;
    hwaddr desc;
    hwaddr avail;
    hwaddr used;
    bool ready;
    uint16_t last_avail_idx;
    uint16_t used_idx;
    unsigned int inuse;
    uint16_t signalled_used;
    bool signalled_used_valid;
    VirtIOHandleOutput handle_output;
};

#define VRING_DESC_SIZE 16

typedef struct VRingDesc {
    uint64_t addr;
    uint32_t len;
    uint16_t flags;
    uint16_t next;
} VRingDesc;

/* Little-endian loads/stores on host buffers */
static inline uint16_t lduw_le_p(const void *p)
{
    uint16_t v;

    memcpy(&v, p, 2);
    return GUINT16_FROM_LE(v);
}

static inline uint32_t ldl_le_p(const void *p)
{
    uint32_t v;

    memcpy(&v, p, 4);
    return GUINT32_FROM_LE(v);
}

static inline uint64_t ldq_le_p(const void *p)
{
    uint64_t v;

    memcpy(&v, p, 8);
    return GUINT64_FROM_LE(v);
}

static inline void stw_le_p(void *p, uint16_t v)
{
    v = GUINT16_TO_LE(v);
    memcpy(p, &v, 2);
}

static inline void stl_le_p(void *p, uint32_t v)
{
    v = GUINT32_TO_LE(v);
    memcpy(p, &v, 4);
}

/* ---- guest memory ------------------------------------------------------ */

static bool vring_read(VirtQueue *vq, hwaddr addr, void *buf, hwaddr len)
{
    if (address_space_read(&address_space_memory, addr,
                           MEMTXATTRS_UNSPECIFIED, buf, len) != MEMTX_OK) {
        virtio_error(vq->vdev, "virtio: cannot read ring of queue %d at 0x%"
                     PRIx64, vq->index, (uint64_t)addr);
        return false;
    }
    return true;
}

static bool vring_write(VirtQueue *vq, hwaddr addr, const void *buf,
                        hwaddr len)
{
    if (address_space_write(&address_space_memory, addr,
                            MEMTXATTRS_UNSPECIFIED, buf, len) != MEMTX_OK) {
        virtio_error(vq->vdev, "virtio: cannot write ring of queue %d at 0x%"
                     PRIx64, vq->index, (uint64_t)addr);
        return false;
    }
    return true;
}

static bool vring_lduw(VirtQueue *vq, hwaddr addr, uint16_t *val)
{
    uint16_t le;

    if (!vring_read(vq, addr, &le, 2)) {
        return false;
    }
    *val = GUINT16_FROM_LE(le);
    return true;
}

static bool vring_stw(VirtQueue *vq, hwaddr addr, uint16_t val)
{
    uint16_t le = GUINT16_TO_LE(val);

    return vring_write(vq, addr, &le, 2);
}

static bool vring_read_desc(VirtQueue *vq, hwaddr table, unsigned int i,
                            VRingDesc *d)
{
    uint8_t raw[VRING_DESC_SIZE];

    if (!vring_read(vq, table + (hwaddr)i * VRING_DESC_SIZE, raw,
                    sizeof(raw))) {
        return false;
    }
    d->addr = ldq_le_p(raw);
    d->len = ldl_le_p(raw + 8);
    d->flags = lduw_le_p(raw + 12);
    d->next = lduw_le_p(raw + 14);
    return true;
}

/* ---- errors -------------------------------------------------------------- */

void virtio_error(VirtIODevice *vdev, const char *fmt, ...)
{
    va_list ap;
    char *msg;

    va_start(ap, fmt);
    msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    qemu_log_mask(LOG_GUEST_ERROR, "%s: %s\n",
                  vdev->name ? vdev->name : "virtio", msg);
    g_free(msg);

    if (vdev->broken) {
        return;
    }
    vdev->broken = true;
    if (vdev->status & VIRTIO_CONFIG_S_DRIVER_OK) {
        vdev->status |= VIRTIO_CONFIG_S_NEEDS_RESET;
        virtio_notify_config(vdev);
    }
}

/* ---- iovec helpers --------------------------------------------------------- */

size_t virtio_iov_size(const struct iovec *iov, unsigned int cnt)
{
    size_t len = 0;

    for (unsigned int i = 0; i < cnt; i++) {
        len += iov[i].iov_len;
    }
    return len;
}

size_t virtio_iov_to_buf(const struct iovec *iov, unsigned int cnt,
                         size_t offset, void *buf, size_t bytes)
{
    size_t done = 0;

    for (unsigned int i = 0; i < cnt && done < bytes; i++) {
        if (offset >= iov[i].iov_len) {
            offset -= iov[i].iov_len;
            continue;
        }
        size_t n = MIN(iov[i].iov_len - offset, bytes - done);
        memcpy((uint8_t *)buf + done, (uint8_t *)iov[i].iov_base + offset, n);
        done += n;
        offset = 0;
    }
    return done;
}

size_t virtio_iov_from_buf(const struct iovec *iov, unsigned int cnt,
                           size_t offset, const void *buf, size_t bytes)
{
    size_t done = 0;

    for (unsigned int i = 0; i < cnt && done < bytes; i++) {
        if (offset >= iov[i].iov_len) {
            offset -= iov[i].iov_len;
            continue;
        }
        size_t n = MIN(iov[i].iov_len - offset, bytes - done);
        memcpy((uint8_t *)iov[i].iov_base + offset, (uint8_t *)buf + done, n);
        done += n;
        offset = 0;
    }
    return done;
}

/* ---- queues ------------------------------------------------------------- */

VirtQueue *virtio_add_queue(VirtIODevice *vdev, int queue_size,
                            VirtIOHandleOutput handle_output)
{
    int i;

    for (i = 0; i < VIRTIO_QUEUE_MAX; i++) {
        if (vdev->vq[i].num_max == 0) {
            break;
        }
    }
    g_assert(i < VIRTIO_QUEUE_MAX && queue_size > 0 &&
             queue_size <= VIRTQUEUE_MAX_SIZE);
    vdev->vq[i].num_max = queue_size;
    vdev->vq[i].num = queue_size;
    vdev->vq[i].handle_output = handle_output;
    return &vdev->vq[i];
}

void virtio_del_queue(VirtIODevice *vdev, int n)
{
    g_assert(n >= 0 && n < VIRTIO_QUEUE_MAX);
    memset(&vdev->vq[n], 0, sizeof(VirtQueue));
    vdev->vq[n].vdev = vdev;
    vdev->vq[n].index = n;
}

VirtQueue *virtio_get_queue(VirtIODevice *vdev, int n)
{
    return &vdev->vq[n];
}

int virtio_get_num_queues(VirtIODevice *vdev)
{
    int i;

    for (i = 0; i < VIRTIO_QUEUE_MAX && vdev->vq[i].num_max; i++) {
        /* count */
    }
    return i;
}

VirtIODevice *virtio_queue_get_vdev(VirtQueue *vq)
{
    return vq->vdev;
}

int virtio_get_queue_index(VirtQueue *vq)
{
    return vq->index;
}

static bool queue_valid(VirtIODevice *vdev, int n)
{
    return n >= 0 && n < VIRTIO_QUEUE_MAX && vdev->vq[n].num_max;
}

void virtio_queue_set_num(VirtIODevice *vdev, int n, int num)
{
    if (!queue_valid(vdev, n)) {
        return;
    }
    /* Power of two sizes within the maximum only (split ring rule) */
    if (num <= 0 || num > vdev->vq[n].num_max || (num & (num - 1))) {
        qemu_log_mask(LOG_GUEST_ERROR, "%s: queue %d size %d invalid "
                      "(expected a power of 2 up to %u)\n", vdev->name, n,
                      num, vdev->vq[n].num_max);
        return;
    }
    vdev->vq[n].num = num;
}

int virtio_queue_get_num(VirtIODevice *vdev, int n)
{
    return queue_valid(vdev, n) ? vdev->vq[n].num : 0;
}

int virtio_queue_get_max_num(VirtIODevice *vdev, int n)
{
    return queue_valid(vdev, n) ? vdev->vq[n].num_max : 0;
}

void virtio_queue_set_rings(VirtIODevice *vdev, int n, hwaddr desc,
                            hwaddr avail, hwaddr used)
{
    if (!queue_valid(vdev, n)) {
        return;
    }
    vdev->vq[n].desc = desc;
    vdev->vq[n].avail = avail;
    vdev->vq[n].used = used;
}

hwaddr virtio_queue_get_desc_addr(VirtIODevice *vdev, int n)
{
    return queue_valid(vdev, n) ? vdev->vq[n].desc : 0;
}

hwaddr virtio_queue_get_avail_addr(VirtIODevice *vdev, int n)
{
    return queue_valid(vdev, n) ? vdev->vq[n].avail : 0;
}

hwaddr virtio_queue_get_used_addr(VirtIODevice *vdev, int n)
{
    return queue_valid(vdev, n) ? vdev->vq[n].used : 0;
}

void virtio_queue_set_ready(VirtIODevice *vdev, int n, bool ready)
{
    if (queue_valid(vdev, n)) {
        vdev->vq[n].ready = ready;
    }
}

bool virtio_queue_get_ready(VirtIODevice *vdev, int n)
{
    return queue_valid(vdev, n) && vdev->vq[n].ready;
}

int virtio_queue_ready(VirtQueue *vq)
{
    return vq->ready && vq->desc != 0;
}

/* Number of new available entries; -1 (device broken) if bogus */
static int vring_avail_count(VirtQueue *vq)
{
    uint16_t idx;
    uint16_t n;

    if (!vring_lduw(vq, vq->avail + 2, &idx)) {
        return -1;
    }
    n = idx - vq->last_avail_idx;
    if (n > vq->num) {
        virtio_error(vq->vdev, "virtio: guest moved avail index of queue %d "
                     "from %u to %u (size %u)", vq->index,
                     vq->last_avail_idx, idx, vq->num);
        return -1;
    }
    return n;
}

int virtio_queue_empty(VirtQueue *vq)
{
    if (vq->vdev->broken || !virtio_queue_ready(vq)) {
        return 1;
    }
    return vring_avail_count(vq) <= 0;
}

typedef struct SgList {
    hwaddr addr[VIRTQUEUE_MAX_SIZE];
    struct iovec iov[VIRTQUEUE_MAX_SIZE];
    bool is_write[VIRTQUEUE_MAX_SIZE];
    unsigned int n;
    unsigned int in_num;
    unsigned int out_num;
} SgList;

static void sg_unmap_all(SgList *sg)
{
    for (unsigned int i = 0; i < sg->n; i++) {
        address_space_unmap(&address_space_memory, sg->iov[i].iov_base,
                            sg->iov[i].iov_len, sg->is_write[i], 0);
    }
    sg->n = 0;
}

/* Map one descriptor's buffer (possibly in several RAM pieces) */
static bool sg_map_desc(VirtQueue *vq, SgList *sg, const VRingDesc *d)
{
    bool is_write = d->flags & VRING_DESC_F_WRITE;
    hwaddr addr = d->addr;
    hwaddr left = d->len;

    if (!is_write && sg->in_num) {
        virtio_error(vq->vdev, "virtio: incorrect order for descriptors "
                     "(device-readable after device-writable)");
        return false;
    }
    if (left == 0) {
        virtio_error(vq->vdev, "virtio: zero sized buffers are not allowed");
        return false;
    }
    if (addr + left < addr) {
        virtio_error(vq->vdev, "virtio: buffer at 0x%" PRIx64
                     " wraps around", (uint64_t)addr);
        return false;
    }
    while (left) {
        hwaddr len = left;
        void *p;

        if (sg->n == VIRTQUEUE_MAX_SIZE) {
            virtio_error(vq->vdev, "virtio: too many write descriptors in "
                         "indirect table");
            return false;
        }
        p = address_space_map(&address_space_memory, addr, &len, is_write,
                              MEMTXATTRS_UNSPECIFIED);
        if (!p || len == 0) {
            virtio_error(vq->vdev, "virtio: bogus descriptor or out of "
                         "resources: buffer 0x%" PRIx64 " is not RAM",
                         (uint64_t)addr);
            return false;
        }
        sg->addr[sg->n] = addr;
        sg->iov[sg->n].iov_base = p;
        sg->iov[sg->n].iov_len = len;
        sg->is_write[sg->n] = is_write;
        sg->n++;
        if (is_write) {
            sg->in_num++;
        } else {
            sg->out_num++;
        }
        addr += len;
        left -= len;
    }
    return true;
}

/* Walk the chain starting at @head; fills @sg, false if malformed */
static bool vring_walk(VirtQueue *vq, unsigned int head, SgList *sg,
                       unsigned int *ndescs)
{
    hwaddr table = vq->desc;
    unsigned int max = vq->num;
    unsigned int i = head;
    unsigned int seen = 0;
    bool indirect = false;
    VRingDesc d;

    *ndescs = 0;
    for (;;) {
        if (!vring_read_desc(vq, table, i, &d)) {
            return false;
        }
        if (d.flags & VRING_DESC_F_INDIRECT) {
            if (!virtio_vdev_has_feature(vq->vdev,
                                         VIRTIO_RING_F_INDIRECT_DESC)) {
                virtio_error(vq->vdev, "virtio: indirect descriptor without "
                             "VIRTIO_RING_F_INDIRECT_DESC");
                return false;
            }
            if (indirect) {
                virtio_error(vq->vdev, "virtio: nested indirect descriptor");
                return false;
            }
            if (d.len == 0 || d.len % VRING_DESC_SIZE ||
                d.len / VRING_DESC_SIZE > VIRTQUEUE_MAX_SIZE) {
                virtio_error(vq->vdev, "virtio: invalid size for indirect "
                             "buffer table: %u", d.len);
                return false;
            }
            if (d.flags & VRING_DESC_F_NEXT) {
                virtio_error(vq->vdev, "virtio: indirect descriptor with "
                             "NEXT flag");
                return false;
            }
            indirect = true;
            table = d.addr;
            max = d.len / VRING_DESC_SIZE;
            i = 0;
            seen = 0;
            (*ndescs)++;
            continue;
        }
        if (++seen > max) {
            virtio_error(vq->vdev, "virtio: looped descriptor chain in "
                         "queue %d", vq->index);
            return false;
        }
        (*ndescs)++;
        if (!sg_map_desc(vq, sg, &d)) {
            return false;
        }
        if (!(d.flags & VRING_DESC_F_NEXT)) {
            return true;
        }
        if (d.next >= max) {
            virtio_error(vq->vdev, "virtio: desc next is %u (table size %u)",
                         d.next, max);
            return false;
        }
        i = d.next;
    }
}

void *virtqueue_pop(VirtQueue *vq, size_t sz)
{
    VirtIODevice *vdev = vq->vdev;
    g_autofree SgList *sg = NULL;
    VirtQueueElement *elem;
    unsigned int ndescs;
    uint16_t head;
    int avail;
    size_t off;
    uint8_t *mem;

    g_assert(sz >= sizeof(VirtQueueElement));
    if (vdev->broken || !virtio_queue_ready(vq)) {
        return NULL;
    }
    avail = vring_avail_count(vq);
    if (avail <= 0) {
        return NULL;
    }
    if (vq->inuse >= vq->num) {
        virtio_error(vdev, "virtio: queue %d size exceeded", vq->index);
        return NULL;
    }
    /* Read ring contents only after seeing the index */
    smp_mb();
    if (!vring_lduw(vq, vq->avail + 4 + 2 * (vq->last_avail_idx % vq->num),
                    &head)) {
        return NULL;
    }
    if (head >= vq->num) {
        virtio_error(vdev, "virtio: guest says index %u is available "
                     "(queue %d has %u entries)", head, vq->index, vq->num);
        return NULL;
    }

    sg = g_new0(SgList, 1);
    if (!vring_walk(vq, head, sg, &ndescs)) {
        sg_unmap_all(sg);
        return NULL;
    }

    /* One allocation: the caller frees the element with g_free() */
    sz = QEMU_ALIGN_UP(sz, 16);
    off = sz;
    mem = g_malloc0(sz + sg->n * (sizeof(hwaddr) + sizeof(struct iovec)));
    elem = (VirtQueueElement *)mem;
    elem->out_sg = (struct iovec *)(mem + off);
    off += sg->out_num * sizeof(struct iovec);
    elem->in_sg = (struct iovec *)(mem + off);
    off += sg->in_num * sizeof(struct iovec);
    elem->out_addr = (hwaddr *)(mem + off);
    off += sg->out_num * sizeof(hwaddr);
    elem->in_addr = (hwaddr *)(mem + off);
    for (unsigned int k = 0; k < sg->n; k++) {
        if (sg->is_write[k]) {
            elem->in_addr[elem->in_num] = sg->addr[k];
            elem->in_sg[elem->in_num++] = sg->iov[k];
        } else {
            elem->out_addr[elem->out_num] = sg->addr[k];
            elem->out_sg[elem->out_num++] = sg->iov[k];
        }
    }
    elem->index = head;
    elem->ndescs = ndescs;

    vq->last_avail_idx++;
    vq->inuse++;
    if (virtio_vdev_has_feature(vdev, VIRTIO_RING_F_EVENT_IDX)) {
        /* avail_event lives after the used ring entries */
        vring_stw(vq, vq->used + 4 + 8 * vq->num, vq->last_avail_idx);
    }
    return elem;
}

static void virtqueue_unmap_sg(const VirtQueueElement *elem,
                               unsigned int len)
{
    for (unsigned int i = 0; i < elem->in_num; i++) {
        size_t n = MIN(len, elem->in_sg[i].iov_len);

        address_space_unmap(&address_space_memory, elem->in_sg[i].iov_base,
                            elem->in_sg[i].iov_len, true, n);
        len -= n;
    }
    for (unsigned int i = 0; i < elem->out_num; i++) {
        address_space_unmap(&address_space_memory, elem->out_sg[i].iov_base,
                            elem->out_sg[i].iov_len, false, 0);
    }
}

void virtqueue_detach_element(VirtQueue *vq, const VirtQueueElement *elem,
                              unsigned int len)
{
    vq->inuse--;
    virtqueue_unmap_sg(elem, len);
}

void virtqueue_unpop(VirtQueue *vq, const VirtQueueElement *elem,
                     unsigned int len)
{
    vq->last_avail_idx--;
    virtqueue_detach_element(vq, elem, len);
}

void virtqueue_fill(VirtQueue *vq, const VirtQueueElement *elem,
                    unsigned int len, unsigned int idx)
{
    uint8_t raw[8];
    unsigned int slot;

    virtqueue_unmap_sg(elem, len);
    if (vq->vdev->broken) {
        return;
    }
    slot = (vq->used_idx + idx) % vq->num;
    stl_le_p(raw, elem->index);
    stl_le_p(raw + 4, len);
    vring_write(vq, vq->used + 4 + 8 * slot, raw, sizeof(raw));
}

void virtqueue_flush(VirtQueue *vq, unsigned int count)
{
    uint16_t old = vq->used_idx;

    if (vq->vdev->broken) {
        vq->inuse -= MIN(count, vq->inuse);
        return;
    }
    /* Entries must be visible before the index */
    smp_mb();
    vq->used_idx += count;
    vq->inuse -= MIN(count, vq->inuse);
    vring_stw(vq, vq->used + 2, vq->used_idx);
    if ((uint16_t)(vq->used_idx - vq->signalled_used) <
        (uint16_t)(vq->used_idx - old)) {
        vq->signalled_used_valid = false;
    }
}

void virtqueue_push(VirtQueue *vq, const VirtQueueElement *elem,
                    unsigned int len)
{
    virtqueue_fill(vq, elem, len, 0);
    virtqueue_flush(vq, 1);
}

/* ---- notifications ------------------------------------------------------- */

static void virtio_irq_update(VirtIODevice *vdev)
{
    BusState *qbus = qdev_get_parent_bus(DEVICE(vdev));
    VirtioBusClass *k;

    if (!qbus) {
        return;
    }
    k = VIRTIO_BUS_GET_CLASS(qbus);
    if (k->notify) {
        k->notify(qbus->parent, 0);
    }
}

static bool vring_need_event(uint16_t event, uint16_t new, uint16_t old)
{
    return (uint16_t)(new - event - 1) < (uint16_t)(new - old);
}

static bool virtio_should_notify(VirtIODevice *vdev, VirtQueue *vq)
{
    uint16_t flags, event, old, new;
    bool valid;

    if (!virtio_queue_ready(vq)) {
        return false;
    }
    if (!virtio_vdev_has_feature(vdev, VIRTIO_RING_F_EVENT_IDX)) {
        if (!vring_lduw(vq, vq->avail, &flags)) {
            return false;
        }
        return !(flags & VRING_AVAIL_F_NO_INTERRUPT);
    }
    valid = vq->signalled_used_valid;
    vq->signalled_used_valid = true;
    old = vq->signalled_used;
    new = vq->signalled_used = vq->used_idx;
    if (!vring_lduw(vq, vq->avail + 4 + 2 * vq->num, &event)) {
        return false;
    }
    return !valid || vring_need_event(event, new, old);
}

void virtio_notify(VirtIODevice *vdev, VirtQueue *vq)
{
    smp_mb();
    if (vdev->broken || !virtio_should_notify(vdev, vq)) {
        return;
    }
    vdev->isr |= VIRTIO_ISR_QUEUE;
    virtio_irq_update(vdev);
}

void virtio_notify_config(VirtIODevice *vdev)
{
    if (!(vdev->status & VIRTIO_CONFIG_S_DRIVER_OK)) {
        return;
    }
    vdev->isr |= VIRTIO_ISR_CONFIG;
    vdev->generation++;
    virtio_irq_update(vdev);
}

void virtio_queue_notify(VirtIODevice *vdev, int n)
{
    VirtQueue *vq;

    if (!queue_valid(vdev, n)) {
        qemu_log_mask(LOG_GUEST_ERROR, "%s: notify of queue %d that does "
                      "not exist\n", vdev->name, n);
        return;
    }
    vq = &vdev->vq[n];
    if (vdev->broken || !virtio_queue_ready(vq) || !vq->handle_output) {
        return;
    }
    vq->handle_output(vdev, vq);
}

/* ---- status, features, reset ------------------------------------------- */

int virtio_set_features(VirtIODevice *vdev, uint64_t val)
{
    VirtioDeviceClass *k = VIRTIO_DEVICE_GET_CLASS(vdev);
    bool bad = val & ~vdev->host_features;

    if (vdev->status & VIRTIO_CONFIG_S_FEATURES_OK) {
        return -EINVAL;
    }
    val &= vdev->host_features;
    vdev->guest_features = val;
    if (k->set_features) {
        k->set_features(vdev, val);
    }
    return bad ? -1 : 0;
}

int virtio_set_status(VirtIODevice *vdev, uint8_t val)
{
    VirtioDeviceClass *k = VIRTIO_DEVICE_GET_CLASS(vdev);

    if ((val & VIRTIO_CONFIG_S_FEATURES_OK) &&
        !(vdev->status & VIRTIO_CONFIG_S_FEATURES_OK) &&
        !virtio_vdev_has_feature(vdev, VIRTIO_F_VERSION_1)) {
        /* Modern devices only: refuse FEATURES_OK without VERSION_1 */
        qemu_log_mask(LOG_GUEST_ERROR, "%s: driver did not accept "
                      "VIRTIO_F_VERSION_1\n", vdev->name);
        val &= ~VIRTIO_CONFIG_S_FEATURES_OK;
    }
    vdev->status = val;
    vdev->started = val & VIRTIO_CONFIG_S_DRIVER_OK;
    if (k->set_status) {
        k->set_status(vdev, val);
    }
    return 0;
}

void virtio_reset(void *opaque)
{
    VirtIODevice *vdev = opaque;
    VirtioDeviceClass *k = VIRTIO_DEVICE_GET_CLASS(vdev);

    if (k->reset) {
        k->reset(vdev);
    }
    vdev->status = 0;
    vdev->started = false;
    vdev->broken = false;
    vdev->guest_features = 0;
    vdev->queue_sel = 0;
    vdev->isr = 0;
    for (int i = 0; i < VIRTIO_QUEUE_MAX; i++) {
        VirtQueue *vq = &vdev->vq[i];

        vq->desc = vq->avail = vq->used = 0;
        vq->ready = false;
        vq->last_avail_idx = vq->used_idx = 0;
        vq->inuse = 0;
        vq->signalled_used = 0;
        vq->signalled_used_valid = false;
        vq->num = vq->num_max;
    }
    virtio_irq_update(vdev);
}

/* ---- config space ------------------------------------------------------- */

static bool config_access(VirtIODevice *vdev, uint32_t addr, unsigned size)
{
    return vdev->config_len >= size && addr <= vdev->config_len - size;
}

static uint32_t config_read(VirtIODevice *vdev, uint32_t addr, unsigned size)
{
    VirtioDeviceClass *k = VIRTIO_DEVICE_GET_CLASS(vdev);
    uint8_t *p = (uint8_t *)vdev->config + addr;

    if (!config_access(vdev, addr, size)) {
        return (uint32_t)-1;
    }
    if (k->get_config) {
        k->get_config(vdev, vdev->config);
    }
    switch (size) {
    case 1:
        return *p;
    case 2:
        return lduw_le_p(p);
    default:
        return ldl_le_p(p);
    }
}

static void config_write(VirtIODevice *vdev, uint32_t addr, uint32_t data,
                         unsigned size)
{
    VirtioDeviceClass *k = VIRTIO_DEVICE_GET_CLASS(vdev);
    uint8_t *p = (uint8_t *)vdev->config + addr;

    if (!config_access(vdev, addr, size)) {
        return;
    }
    switch (size) {
    case 1:
        *p = data;
        break;
    case 2:
        stw_le_p(p, data);
        break;
    default:
        stl_le_p(p, data);
        break;
    }
    if (k->set_config) {
        k->set_config(vdev, vdev->config);
    }
}

uint32_t virtio_config_modern_readb(VirtIODevice *vdev, uint32_t addr)
{
    return config_read(vdev, addr, 1);
}

uint32_t virtio_config_modern_readw(VirtIODevice *vdev, uint32_t addr)
{
    return config_read(vdev, addr, 2);
}

uint32_t virtio_config_modern_readl(VirtIODevice *vdev, uint32_t addr)
{
    return config_read(vdev, addr, 4);
}

void virtio_config_modern_writeb(VirtIODevice *vdev, uint32_t addr,
                                 uint32_t data)
{
    config_write(vdev, addr, data, 1);
}

void virtio_config_modern_writew(VirtIODevice *vdev, uint32_t addr,
                                 uint32_t data)
{
    config_write(vdev, addr, data, 2);
}

void virtio_config_modern_writel(VirtIODevice *vdev, uint32_t addr,
                                 uint32_t data)
{
    config_write(vdev, addr, data, 4);
}

/* ---- migration ---------------------------------------------------------- */

/*
 * Every device here serves a request within the notification that
 * brought it, under the BQL: a stopped VM has nothing in flight, and
 * the queue state is its indexes.  Loading checks them against the
 * rings in guest memory, which arrives before device state.
 */

static bool virtqueue_post_load(void *opaque, int version_id, Error **errp)
{
    VirtQueue *vq = opaque;

    if (vq->num == 0 || vq->num > vq->num_max || (vq->num & (vq->num - 1))) {
        error_setg(errp, "%s: queue %d size %u in the migration stream "
                   "is invalid, expected a power of 2 up to %u",
                   vq->vdev->name, vq->index, vq->num, vq->num_max);
        return false;
    }
    if ((uint16_t)(vq->last_avail_idx - vq->used_idx) != vq->inuse) {
        error_setg(errp, "%s: queue %d: last_avail_idx 0x%x - used_idx "
                   "0x%x does not match %u requests in use", vq->vdev->name,
                   vq->index, vq->last_avail_idx, vq->used_idx, vq->inuse);
        return false;
    }
    if (vq->inuse) {
        error_setg(errp, "%s: queue %d has %u requests in flight, "
                   "expected none (requests complete before the VM stops)",
                   vq->vdev->name, vq->index, vq->inuse);
        return false;
    }
    return true;
}

static const VMStateDescription vmstate_virtqueue = {
    .name = "virtqueue_state",
    .version_id = 1,
    .minimum_version_id = 1,
    .post_load_errp = virtqueue_post_load,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32(num, VirtQueue),
        VMSTATE_UINT64(desc, VirtQueue),
        VMSTATE_UINT64(avail, VirtQueue),
        VMSTATE_UINT64(used, VirtQueue),
        VMSTATE_BOOL(ready, VirtQueue),
        VMSTATE_UINT16(last_avail_idx, VirtQueue),
        VMSTATE_UINT16(used_idx, VirtQueue),
        VMSTATE_UINT32(inuse, VirtQueue),
        VMSTATE_UINT16(signalled_used, VirtQueue),
        VMSTATE_BOOL(signalled_used_valid, VirtQueue),
        VMSTATE_END_OF_LIST()
    }
};

static bool virtio_pre_save(void *opaque, Error **errp)
{
    VirtIODevice *vdev = opaque;
    int i;

    vdev->num_queues_vmstate = virtio_get_num_queues(vdev);
    for (i = 0; i < vdev->num_queues_vmstate; i++) {
        if (vdev->vq[i].inuse) {
            error_setg(errp, "%s: queue %d has %u requests in flight",
                       vdev->name, i, vdev->vq[i].inuse);
            return false;
        }
    }
    return true;
}

static int virtio_pre_load(void *opaque)
{
    VirtIODevice *vdev = opaque;

    /* The stream must describe as many queues as this device has. */
    vdev->num_queues_vmstate = virtio_get_num_queues(vdev);
    return 0;
}

/* Compare queue @vq's avail index in guest memory with the stream's. */
static bool virtio_check_ring(VirtIODevice *vdev, VirtQueue *vq,
                              Error **errp)
{
    uint16_t idx, nheads;

    if (address_space_read(&address_space_memory, vq->avail + 2,
                           MEMTXATTRS_UNSPECIFIED, &idx, 2) != MEMTX_OK) {
        error_setg(errp, "%s: VQ %d avail ring at 0x%" PRIx64 " is not in "
                   "guest memory", vdev->name, vq->index,
                   (uint64_t)vq->avail);
        return false;
    }
    idx = GUINT16_FROM_LE(idx);
    nheads = idx - vq->last_avail_idx;
    if (nheads > vq->num) {
        error_setg(errp, "%s: VQ %d size 0x%x Guest index 0x%x "
                   "inconsistent with Host index 0x%x: delta 0x%x",
                   vdev->name, vq->index, vq->num, idx, vq->last_avail_idx,
                   nheads);
        return false;
    }
    return true;
}

static bool virtio_post_load(void *opaque, int version_id, Error **errp)
{
    VirtIODevice *vdev = opaque;
    int i;

    if (vdev->guest_features & ~vdev->host_features) {
        error_setg(errp, "%s: features 0x%" PRIx64 " unsupported, allowed "
                   "features: 0x%" PRIx64, vdev->name,
                   vdev->guest_features, vdev->host_features);
        return false;
    }
    if (vdev->queue_sel >= VIRTIO_QUEUE_MAX) {
        error_setg(errp, "%s: queue_sel %u in the migration stream is "
                   "invalid, expected below %d", vdev->name,
                   vdev->queue_sel, VIRTIO_QUEUE_MAX);
        return false;
    }
    if (vdev->isr & ~(VIRTIO_ISR_QUEUE | VIRTIO_ISR_CONFIG)) {
        error_setg(errp, "%s: ISR 0x%x in the migration stream is invalid, "
                   "expected bits 0-1 only", vdev->name, vdev->isr);
        return false;
    }
    for (i = 0; i < vdev->num_queues_vmstate; i++) {
        VirtQueue *vq = &vdev->vq[i];

        if (vq->ready && vq->desc && !vdev->broken &&
            !virtio_check_ring(vdev, vq, errp)) {
            return false;
        }
    }
    vdev->started = vdev->status & VIRTIO_CONFIG_S_DRIVER_OK;
    return true;
}

const VMStateDescription vmstate_virtio = {
    .name = "virtio",
    .version_id = 1,
    .minimum_version_id = 1,
    .pre_save_errp = virtio_pre_save,
    .pre_load = virtio_pre_load,
    .post_load_errp = virtio_post_load,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT8(status, VirtIODevice),
        VMSTATE_UINT8(isr, VirtIODevice),
        VMSTATE_UINT16(queue_sel, VirtIODevice),
        VMSTATE_UINT64(guest_features, VirtIODevice),
        VMSTATE_UINT32(generation, VirtIODevice),
        VMSTATE_BOOL(broken, VirtIODevice),
        VMSTATE_UINT32_EQUAL(num_queues_vmstate, VirtIODevice,
                             "the devices have different queue counts"),
        VMSTATE_STRUCT_VARRAY_POINTER_UINT32(vq, VirtIODevice,
                                             num_queues_vmstate,
                                             vmstate_virtqueue, VirtQueue),
        VMSTATE_END_OF_LIST()
    }
};

/* ---- the device type ----------------------------------------------------- */

void virtio_init(VirtIODevice *vdev, uint16_t device_id, size_t config_size)
{
    vdev->device_id = device_id;
    vdev->name = object_get_typename(OBJECT(vdev));
    vdev->config_len = config_size;
    vdev->config = config_size ? g_malloc0(config_size) : NULL;
    vdev->vq = g_new0(VirtQueue, VIRTIO_QUEUE_MAX);
    for (int i = 0; i < VIRTIO_QUEUE_MAX; i++) {
        vdev->vq[i].vdev = vdev;
        vdev->vq[i].index = i;
    }
}

void virtio_cleanup(VirtIODevice *vdev)
{
    g_free(vdev->config);
    vdev->config = NULL;
    g_free(vdev->vq);
    vdev->vq = NULL;
}

static void virtio_device_realize(DeviceState *dev, Error **errp)
{
    VirtIODevice *vdev = VIRTIO_DEVICE(dev);
    VirtioDeviceClass *vdc = VIRTIO_DEVICE_GET_CLASS(dev);
    Error *err = NULL;

    g_assert(vdc->realize);
    vdc->realize(dev, &err);
    if (err) {
        error_propagate(errp, err);
        return;
    }
    virtio_bus_device_plugged(vdev, &err);
    if (err) {
        error_propagate(errp, err);
        if (vdc->unrealize) {
            vdc->unrealize(dev);
        }
    }
}

static void virtio_device_unrealize(DeviceState *dev)
{
    VirtIODevice *vdev = VIRTIO_DEVICE(dev);
    VirtioDeviceClass *vdc = VIRTIO_DEVICE_GET_CLASS(dev);

    virtio_bus_device_unplugged(vdev);
    if (vdc->unrealize) {
        vdc->unrealize(dev);
    }
}

static void virtio_device_reset(DeviceState *dev)
{
    virtio_reset(VIRTIO_DEVICE(dev));
}

static const Property virtio_properties[] = {
    DEFINE_PROP_BIT64("indirect_desc", VirtIODevice, host_features,
                      VIRTIO_RING_F_INDIRECT_DESC, true),
    DEFINE_PROP_BIT64("event_idx", VirtIODevice, host_features,
                      VIRTIO_RING_F_EVENT_IDX, true),
};

static void virtio_device_class_init(ObjectClass *klass, const void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);

    dc->realize = virtio_device_realize;
    dc->unrealize = virtio_device_unrealize;
    dc->bus_type = TYPE_VIRTIO_BUS;
    device_class_set_legacy_reset(dc, virtio_device_reset);
    device_class_set_props(dc, virtio_properties);
}

static const TypeInfo virtio_device_info = {
    .name = TYPE_VIRTIO_DEVICE,
    .parent = TYPE_DEVICE,
    .instance_size = sizeof(VirtIODevice),
    .class_init = virtio_device_class_init,
    .class_size = sizeof(VirtioDeviceClass),
    .abstract = true,
};

static void virtio_register_types(void)
{
    type_register_static(&virtio_device_info);
}

type_init(virtio_register_types)
