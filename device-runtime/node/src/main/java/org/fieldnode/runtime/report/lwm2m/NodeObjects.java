// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.report.lwm2m;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.leshan.client.resource.BaseInstanceEnablerFactory;
import org.eclipse.leshan.client.resource.LwM2mInstanceEnabler;
import org.eclipse.leshan.client.resource.LwM2mInstanceEnablerFactory;
import org.eclipse.leshan.client.resource.LwM2mObjectEnabler;
import org.eclipse.leshan.client.resource.ObjectEnabler;
import org.eclipse.leshan.client.resource.ObjectsInitializer;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.core.LwM2mId;
import org.eclipse.leshan.core.model.LwM2mModel;
import org.eclipse.leshan.core.model.ObjectLoader;
import org.eclipse.leshan.core.model.ObjectModel;
import org.eclipse.leshan.core.model.StaticModel;
import org.eclipse.leshan.core.node.LwM2mPath;
import org.eclipse.leshan.core.request.ContentFormat;
import org.eclipse.leshan.core.request.CreateRequest;
import org.eclipse.leshan.core.request.DeleteRequest;
import org.eclipse.leshan.core.response.CreateResponse;
import org.eclipse.leshan.core.response.DeleteResponse;
import org.fieldnode.runtime.pipeline.Reading;

/**
 * The objects a node serves, and which instance carries which series. Sensor instances are made when a series is
 * first seen (sampled, or queued in an earlier run): their ids count up per object in that order, and each names its
 * series in Application Type (5750), which is what a platform should key its data by. A new instance after
 * registration makes Leshan update the registration with the new object list. Thread-safe.
 */
final class NodeObjects {
    private final LwM2mModel model;
    private final Map<SensorObject, ObjectEnabler> sensors = new EnumMap<>(SensorObject.class);
    private final Map<String, Entry> bySeries = new HashMap<>();
    private final DeviceInstance device;
    private final Optional<ConnectivityInstance> connectivity;

    private record Entry(SensorObject object, SensorInstance instance) {}

    NodeObjects(DeviceInstance device, Optional<ConnectivityInstance> connectivity) {
        this.device = device;
        this.connectivity = connectivity;
        List<ObjectModel> models = new ArrayList<>(ObjectLoader.loadDefault());
        for (SensorObject object : SensorObject.values()) {
            models.add(object.model());
        }
        this.model = new StaticModel(models);
    }

    LwM2mModel model() {
        return model;
    }

    /**
     * Every object enabler for Leshan's client: Security and Server from {@code initializer}'s instances, Device,
     * Connectivity Monitoring where known, and one empty enabler per sensor object.
     */
    List<LwM2mObjectEnabler> enablers(ObjectsInitializer initializer) {
        initializer.setInstancesForObject(LwM2mId.DEVICE, device);
        initializer.setFactoryForObject(LwM2mId.DEVICE, NO_CREATE);
        List<Integer> ids = new ArrayList<>(List.of(LwM2mId.SECURITY, LwM2mId.SERVER, LwM2mId.DEVICE));
        connectivity.ifPresent(c -> {
            initializer.setInstancesForObject(LwM2mId.CONNECTIVITY_MONITORING, c);
            initializer.setFactoryForObject(LwM2mId.CONNECTIVITY_MONITORING, NO_CREATE);
            ids.add(LwM2mId.CONNECTIVITY_MONITORING);
        });
        List<LwM2mObjectEnabler> enablers = new ArrayList<>(
                initializer.create(ids.stream().mapToInt(Integer::intValue).toArray()));
        synchronized (this) {
            for (SensorObject object : SensorObject.values()) {
                ObjectEnabler enabler = new SensorObjectEnabler(object, model.getObjectModel(object.id()));
                sensors.put(object, enabler);
                enablers.add(enabler);
            }
        }
        return enablers;
    }

    /** The node makes the instances of its objects; a server may not create or delete them (4.05). */
    private static final LwM2mInstanceEnablerFactory NO_CREATE = new BaseInstanceEnablerFactory() {
        @Override
        public LwM2mInstanceEnabler create() {
            throw new UnsupportedOperationException("the node makes its own instances");
        }
    };

    /** An IPSO object whose instances are the node's series. */
    private static final class SensorObjectEnabler extends ObjectEnabler {
        SensorObjectEnabler(SensorObject object, ObjectModel model) {
            super(object.id(), model, Map.of(), NO_CREATE, ContentFormat.DEFAULT);
        }

        @Override
        protected CreateResponse doCreate(LwM2mServer server, CreateRequest request) {
            return CreateResponse.methodNotAllowed();
        }

        @Override
        protected DeleteResponse doDelete(LwM2mServer server, DeleteRequest request) {
            return DeleteResponse.methodNotAllowed();
        }
    }

    /** Takes the latest values from readings just sampled. */
    void offer(List<Reading> readings) {
        for (Reading reading : readings) {
            instance(reading).instance().update(reading.value(), reading.observedAt());
            device.offer(reading);
        }
    }

    /** The path of the Sensor Value (5700) of the instance that carries {@code reading}'s series. */
    LwM2mPath valuePath(Reading reading) {
        Entry entry = instance(reading);
        return new LwM2mPath(entry.object().id(), entry.instance().getId(), SensorObject.SENSOR_VALUE);
    }

    private synchronized Entry instance(Reading reading) {
        String series = reading.seriesName();
        Entry entry = bySeries.get(series);
        if (entry == null) {
            SensorObject object = SensorObject.of(reading.channel());
            ObjectEnabler enabler = sensors.get(object);
            int id = enabler.getAvailableInstanceIds().size();
            SensorInstance instance =
                    new SensorInstance(id, series, reading.channel().unit().senml());
            instance.setModel(enabler.getObjectModel());
            instance.setLwM2mClient(enabler.getLwm2mClient());
            entry = new Entry(object, instance);
            bySeries.put(series, entry);
            enabler.addInstance(id, instance);
        }
        return entry;
    }
}
